import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandLoop } from '@ledger/event-sourcing';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { onAuthorizationServer } from '../shared/server-command';
import { DeletePolicyCommand } from './delete-policy.command';

/**
 * Appends a `PolicyRuleDeleted` per rule, then `AccessPolicyDeleted`, in one append. New
 * decisions stop matching it; families it governed keep their recorded provenance.
 */
@CommandHandler(DeletePolicyCommand)
export class DeletePolicyHandler implements ICommandHandler<DeletePolicyCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
  ) {}

  async execute({ authorizationServerId, policyId, ifMatch, context }: DeletePolicyCommand): Promise<void> {
    const now = this.clock.now();
    const result = await this.loop.run(
      onAuthorizationServer(authorizationServerId, { type: 'DeleteAccessPolicy', data: { authorizationServerId, policyId, now } }, context, ifMatch),
    );
    if (result.position) await this.registry.waitFor(result.position);
  }
}
