import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { clientDecider, clientStreamName } from '@ledger/domain';
import { CommandLoop } from '@ledger/event-sourcing';
import { randomUUID } from 'node:crypto';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { ClientFamiliesRevoker } from '../shared/client-families-revoker';
import { metadataOf } from '../../shared/request-context';
import { loadClient } from '../shared/client-reader';
import { DeleteClientCommand } from './delete-client.command';

/**
 * Deletes a client (`ClientDeleted`; its id is never reused) and then revokes its families, as
 * deactivation does: a deleted client can no longer authenticate, and the access tokens its
 * families minted must not stay active until they expire. Deleting a deleted client decides
 * nothing, answers 204 again and finishes an interrupted revocation; a client that never
 * existed is 404.
 */
@CommandHandler(DeleteClientCommand)
export class DeleteClientHandler implements ICommandHandler<DeleteClientCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
    private readonly revoker: ClientFamiliesRevoker,
  ) {}

  async execute({ clientId, context }: DeleteClientCommand): Promise<void> {
    const result = await this.loop.run({
      streamName: clientStreamName(clientId),
      decider: clientDecider,
      load: loadClient,
      command: { type: 'DeleteClient', data: { clientId, now: this.clock.now() } },
      commandId: randomUUID(),
      metadata: metadataOf(context),
    });
    if (result.position) await this.registry.waitFor(result.position);
    await this.revoker.revokeAll(clientId, context);
  }
}
