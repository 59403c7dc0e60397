import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { clientDecider, clientStreamName } from '@ledger/domain';
import { CommandLoop } from '@ledger/event-sourcing';
import { randomUUID } from 'node:crypto';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { metadataOf } from '../../shared/request-context';
import { loadClient } from '../shared/client-reader';
import { ActivateClientCommand } from './activate-client.command';

/**
 * Enables a client (`ClientEnabled`; nothing when it is active) and answers once this
 * replica's registry accepts it again. Revocation is terminal, so its old families stay
 * revoked: the client starts over with new ones.
 */
@CommandHandler(ActivateClientCommand)
export class ActivateClientHandler implements ICommandHandler<ActivateClientCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
  ) {}

  async execute({ clientId, context }: ActivateClientCommand): Promise<void> {
    const result = await this.loop.run({
      streamName: clientStreamName(clientId),
      decider: clientDecider,
      load: loadClient,
      command: { type: 'EnableClient', data: { clientId, now: this.clock.now() } },
      commandId: randomUUID(),
      metadata: metadataOf(context),
    });
    if (result.position) await this.registry.waitFor(result.position);
  }
}
