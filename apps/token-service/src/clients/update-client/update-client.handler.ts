import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { activeSecretHashes, authMethodUsesSecret, clientDecider, clientStreamName, type ClientState, type UpdateClient } from '@ledger/domain';
import { CommandLoop } from '@ledger/event-sourcing';
import { generateClientSecret, hashClientSecret } from '@ledger/token-crypto';
import { randomUUID } from 'node:crypto';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { ApiValidationError } from '../../management-errors/management-errors';
import { CLOCK, type Clock } from '../../shared/clock';
import { withWireFieldNames } from '../shared/client-api-errors';
import { metadataOf } from '../../shared/request-context';
import { requestedAuthMethod, toClientInput } from '../shared/client-input';
import { loadClient } from '../shared/client-reader';
import { toClientResource, withGeneratedSecret, type ClientResource, type ClientResourceWithSecret } from '../shared/client-resource';
import { UpdateClientCommand } from './update-client.command';

/**
 * Replaces a client's settings (`ClientUpdated`; nothing when nothing changes). The secret is
 * kept; a client switching from `none` or `private_key_jwt` to a secret method has none, so
 * one is generated in the same decision (`ClientSecretRotated`) and returned once. Switching
 * away from a secret method drops the hash.
 */
@CommandHandler(UpdateClientCommand)
export class UpdateClientHandler implements ICommandHandler<UpdateClientCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
  ) {}

  async execute({ clientId, request, context }: UpdateClientCommand): Promise<ClientResource | ClientResourceWithSecret> {
    if (request.client_id !== undefined && request.client_id !== clientId) {
      throw new ApiValidationError('client_id', 'must be the client_id of the path');
    }
    // Generated before the loop (I/O first); used only if the client turns out to need one.
    const secret = generateClientSecret();
    const secretHash = hashClientSecret(secret);
    const now = this.clock.now();
    const result = await withWireFieldNames(() =>
      this.loop.run({
        streamName: clientStreamName(clientId),
        decider: clientDecider,
        load: loadClient,
        command: (state: ClientState): UpdateClient => {
          const current = state.status === 'registered' ? state.client : null;
          if (current && request.status !== undefined && request.status !== current.status) {
            throw new ApiValidationError('status', 'changes only through lifecycle/activate and lifecycle/deactivate');
          }
          const needsSecret = authMethodUsesSecret(requestedAuthMethod(request)) && current !== null && activeSecretHashes(current).length === 0;
          const { status: _status, ...client } = toClientInput(request, clientId, needsSecret ? secretHash : undefined);
          return { type: 'UpdateClient', data: { client, now } };
        },
        commandId: randomUUID(),
        metadata: metadataOf(context),
      }),
    );
    if (result.position) await this.registry.waitFor(result.position);
    if (result.state.status !== 'registered') throw new Error('an update decided no client');
    const resource = toClientResource(result.state.client);
    const secretIssued = result.events.some((e) => e.type === 'ClientSecretRotated');
    return secretIssued ? withGeneratedSecret(resource, secret) : resource;
  }
}
