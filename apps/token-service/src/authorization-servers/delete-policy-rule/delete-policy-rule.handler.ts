import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandLoop } from '@ledger/event-sourcing';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { onAuthorizationServer } from '../shared/server-command';
import { DeletePolicyRuleCommand } from './delete-policy-rule.command';

/** Appends `PolicyRuleDeleted`: new decisions stop matching it; recorded provenance stays. */
@CommandHandler(DeletePolicyRuleCommand)
export class DeletePolicyRuleHandler implements ICommandHandler<DeletePolicyRuleCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
  ) {}

  async execute({ authorizationServerId, policyId, ruleId, ifMatch, context }: DeletePolicyRuleCommand): Promise<void> {
    const now = this.clock.now();
    const result = await this.loop.run(
      onAuthorizationServer(
        authorizationServerId,
        { type: 'DeletePolicyRule', data: { authorizationServerId, policyId, ruleId, now } },
        context,
        ifMatch,
      ),
    );
    if (result.position) await this.registry.waitFor(result.position);
  }
}
