import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandLoop } from '@ledger/event-sourcing';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { onAuthorizationServer, serverAfter } from '../shared/server-command';
import { ChangePolicyStatusCommand } from './change-policy-status.command';

/** Appends `AccessPolicyActivated`/`Deactivated`; nothing when the policy already has that status. */
@CommandHandler(ChangePolicyStatusCommand)
export class ChangePolicyStatusHandler implements ICommandHandler<ChangePolicyStatusCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
  ) {}

  async execute({ authorizationServerId, policyId, status, ifMatch, context }: ChangePolicyStatusCommand): Promise<bigint> {
    const now = this.clock.now();
    const data = { authorizationServerId, policyId, now };
    const result = await this.loop.run(
      onAuthorizationServer(
        authorizationServerId,
        status === 'ACTIVE' ? { type: 'ActivateAccessPolicy', data } : { type: 'DeactivateAccessPolicy', data },
        context,
        ifMatch,
      ),
    );
    if (result.position) await this.registry.waitFor(result.position);
    return serverAfter(result).revision;
  }
}
