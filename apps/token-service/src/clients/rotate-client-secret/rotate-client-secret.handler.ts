import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { clientDecider, clientStreamName } from '@ledger/domain';
import { CommandLoop } from '@ledger/event-sourcing';
import { generateClientSecret, hashClientSecret } from '@ledger/token-crypto';
import { randomUUID } from 'node:crypto';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { withWireFieldNames } from '../shared/client-api-errors';
import { metadataOf } from '../../shared/request-context';
import { loadClient } from '../shared/client-reader';
import { toClientResource, withGeneratedSecret, type ClientResourceWithSecret } from '../shared/client-resource';
import { RotateClientSecretCommand } from './rotate-client-secret.command';

/**
 * Generates a new secret (`ClientSecretRotated` with its hash) that replaces every current
 * secret, and returns it once (Okta's `lifecycle/newSecret`). The old secrets stop working as
 * soon as the registry has applied the event, which this handler waits for. A rotation without
 * downtime adds the new secret beside the old one instead (`credentials/secrets`).
 */
@CommandHandler(RotateClientSecretCommand)
export class RotateClientSecretHandler implements ICommandHandler<RotateClientSecretCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
  ) {}

  async execute({ clientId, context }: RotateClientSecretCommand): Promise<ClientResourceWithSecret> {
    const secret = generateClientSecret();
    const result = await withWireFieldNames(() =>
      this.loop.run({
        streamName: clientStreamName(clientId),
        decider: clientDecider,
        load: loadClient,
        command: { type: 'RotateClientSecret', data: { clientId, secretHash: hashClientSecret(secret), now: this.clock.now() } },
        commandId: randomUUID(),
        metadata: metadataOf(context),
      }),
    );
    if (result.position) await this.registry.waitFor(result.position);
    if (result.state.status !== 'registered') throw new Error('a rotation decided no client');
    return withGeneratedSecret(toClientResource(result.state.client), secret);
  }
}
