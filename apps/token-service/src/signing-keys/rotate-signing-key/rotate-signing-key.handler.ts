import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { signingKeysDecider, signingKeysStreamName, type RotateSigningKey } from '@ledger/domain';
import { CommandLoop, EVENT_STORE, fullFoldLoader, type EventStore } from '@ledger/event-sourcing';
import { KeyEncryptionKeyRing } from '@ledger/token-crypto';
import { randomUUID } from 'node:crypto';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { requireAuthorizationServer } from '../require-authorization-server';
import { toSigningKeyResponse, type SigningKeyResponse } from '../signing-key-response';
import { SigningKeysService } from '../signing-keys.service';
import { newSigningKey } from '../new-signing-key';
import { RotateSigningKeyCommand } from './rotate-signing-key.command';
import { metadataOf } from '../../shared/request-context';

/**
 * Creates a key pair, records `SigningKeyCreated` (public JWK, private half wrapped under the
 * key-encryption key) and
 * `SigningKeyRotated` in one append, and switches this process's signer at once; other replicas
 * follow when they next re-read the key stream. Answers the new key in Okta's shape.
 */
@CommandHandler(RotateSigningKeyCommand)
export class RotateSigningKeyHandler implements ICommandHandler<RotateSigningKeyCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly loop: CommandLoop,
    private readonly ring: KeyEncryptionKeyRing,
    private readonly keys: SigningKeysService,
    private readonly registry: ConfigurationRegistry,
  ) {}

  async execute(command: RotateSigningKeyCommand): Promise<SigningKeyResponse> {
    const { authorizationServerId, context } = command;
    await requireAuthorizationServer(this.store, authorizationServerId);
    const now = this.clock.now();
    // The private half travels wrapped in the same event as the public one, so no replica ever
    // sees a recorded key without it; if the append fails, the key never existed anywhere.
    const key = await newSigningKey(this.ring, authorizationServerId, now, this.registry.signingSettingsOf(authorizationServerId).algorithm);
    const rotate: RotateSigningKey = { type: 'RotateSigningKey', data: { authorizationServerId, key, now } };
    const { state } = await this.loop.run({
      streamName: signingKeysStreamName(authorizationServerId),
      decider: signingKeysDecider,
      load: fullFoldLoader(signingKeysDecider),
      command: rotate,
      commandId: randomUUID(),
      metadata: metadataOf(context),
    });
    await this.keys.refresh(authorizationServerId);
    const recorded = state.keys.find((k) => k.kid === key.kid);
    if (!recorded) throw new Error(`rotation of ${authorizationServerId} did not record key ${key.kid}`);
    return toSigningKeyResponse(state, recorded, now);
  }
}
