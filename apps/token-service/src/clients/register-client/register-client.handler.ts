import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { authMethodUsesSecret, clientDecider, clientStreamName } from '@ledger/domain';
import { CommandLoop } from '@ledger/event-sourcing';
import { generateClientSecret, hashClientSecret, randomId } from '@ledger/token-crypto';
import { randomUUID } from 'node:crypto';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { withWireFieldNames } from '../shared/client-api-errors';
import { metadataOf } from '../../shared/request-context';
import { requestedAuthMethod, toClientInput } from '../shared/client-input';
import { loadClient } from '../shared/client-reader';
import { toClientResource, withGeneratedSecret, type ClientResource, type ClientResourceWithSecret } from '../shared/client-resource';
import { RegisterClientCommand } from './register-client.command';

/** Okta's client-id prefix; the rest is random, so generated ids never need coordination. */
const CLIENT_ID_PREFIX = '0oa';

/**
 * Registers a client (`ClientRegistered`). For `client_secret_basic`/`client_secret_post` it
 * generates the secret (256 bits), stores only its SHA-256 hash and returns the secret in this
 * response alone. Answers once the registry has applied the event, so the client can
 * authenticate on this replica as soon as the caller has the response.
 */
@CommandHandler(RegisterClientCommand)
export class RegisterClientHandler implements ICommandHandler<RegisterClientCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
  ) {}

  async execute({ request, context }: RegisterClientCommand): Promise<ClientResource | ClientResourceWithSecret> {
    const clientId = request.client_id ?? `${CLIENT_ID_PREFIX}${randomId(12)}`;
    const secret = authMethodUsesSecret(requestedAuthMethod(request)) ? generateClientSecret() : undefined;
    const result = await withWireFieldNames(() =>
      this.loop.run({
        streamName: clientStreamName(clientId),
        decider: clientDecider,
        load: loadClient,
        command: {
          type: 'RegisterClient',
          data: { client: toClientInput(request, clientId, secret === undefined ? undefined : hashClientSecret(secret)), now: this.clock.now() },
        },
        commandId: randomUUID(),
        metadata: metadataOf(context),
      }),
    );
    if (result.position) await this.registry.waitFor(result.position);
    if (result.state.status !== 'registered') throw new Error('a registration decided no client');
    const resource = toClientResource(result.state.client);
    return secret === undefined ? resource : withGeneratedSecret(resource, secret);
  }
}
