import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandLoop } from '@ledger/event-sourcing';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { onAuthorizationServer, serverAfter } from '../shared/server-command';
import { ChangePolicyRuleStatusCommand } from './change-policy-rule-status.command';

/** Appends `PolicyRuleActivated`/`Deactivated`; nothing when the rule already has that status. */
@CommandHandler(ChangePolicyRuleStatusCommand)
export class ChangePolicyRuleStatusHandler implements ICommandHandler<ChangePolicyRuleStatusCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
  ) {}

  async execute(command: ChangePolicyRuleStatusCommand): Promise<bigint> {
    const { authorizationServerId, policyId, ruleId, status, ifMatch, context } = command;
    const now = this.clock.now();
    const data = { authorizationServerId, policyId, ruleId, now };
    const result = await this.loop.run(
      onAuthorizationServer(
        authorizationServerId,
        status === 'ACTIVE' ? { type: 'ActivatePolicyRule', data } : { type: 'DeactivatePolicyRule', data },
        context,
        ifMatch,
      ),
    );
    if (result.position) await this.registry.waitFor(result.position);
    return serverAfter(result).revision;
  }
}
