import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { clientDecider, clientStreamName } from '@ledger/domain';
import { CommandLoop } from '@ledger/event-sourcing';
import { generateClientSecret, hashClientSecret, randomId } from '@ledger/token-crypto';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { randomUUID } from 'node:crypto';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { metadataOf } from '../../shared/request-context';
import { withWireFieldNames } from '../shared/client-api-errors';
import { loadClient } from '../shared/client-reader';
import { toClientSecretResource, type ClientSecretResourceWithSecret } from '../shared/client-secret-resource';
import { AddClientSecretCommand } from './add-client-secret.command';

/** Okta's secret-id prefix. 13 random bytes make 18 characters, one more than issued ids carry. */
const SECRET_ID_PREFIX = 'ocs';
const SECRET_ID_BYTES = 13;

/**
 * Generates a secret (256 bits), appends `ClientSecretAdded` with its hash and a random id,
 * and returns the secret once. Answers once the registry has applied the event, so an ACTIVE
 * secret authenticates on this replica as soon as the caller has it.
 */
@CommandHandler(AddClientSecretCommand)
export class AddClientSecretHandler implements ICommandHandler<AddClientSecretCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
  ) {}

  async execute({ clientId, status, context }: AddClientSecretCommand): Promise<ClientSecretResourceWithSecret> {
    const secret = generateClientSecret();
    const secretId = `${SECRET_ID_PREFIX}${randomId(SECRET_ID_BYTES)}`;
    const result = await withWireFieldNames(() =>
      this.loop.run({
        streamName: clientStreamName(clientId),
        decider: clientDecider,
        load: loadClient,
        command: {
          type: 'AddClientSecret',
          data: { clientId, secretId, secretHash: hashClientSecret(secret), ...(status ? { status } : {}), now: this.clock.now() },
        },
        commandId: randomUUID(),
        metadata: metadataOf(context),
      }),
    );
    if (result.position) await this.registry.waitFor(result.position);
    const stored = result.state.status === 'registered' ? result.state.client.secrets.find((s) => s.secretId === secretId) : undefined;
    if (!stored) throw new Error('adding a secret decided no secret');
    return { ...toClientSecretResource(this.config.issuerBaseUrl, clientId, stored), client_secret: secret };
  }
}
