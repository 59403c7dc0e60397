import { Inject } from '@nestjs/common';
import { SubjectKeys } from '@ledger/audit';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { signingKeysDecider, signingKeysStreamName } from '@ledger/domain';
import { CommandLoop, EVENT_STORE, fullFoldLoader, type EventStore } from '@ledger/event-sourcing';
import { KeyEncryptionKeyRing, rewrapSigningKey, TokenCryptoError } from '@ledger/token-crypto';
import { randomUUID } from 'node:crypto';
import { SealingKeys } from '../../audit/seals/sealing-keys.service';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { metadataOf } from '../../shared/request-context';
import { RewrapSigningKeysCommand } from './rewrap-signing-keys.command';
import type { RewrapSigningKeysResponse } from './rewrap-signing-keys.response';

const load = fullFoldLoader(signingKeysDecider);

/**
 * Folds each server's key stream afresh (and then every subject's data key stream: see
 * `SubjectKeys.rewrapAll`) and, for each key wrapped under another key-encryption
 * key than the current one, unwraps it (with the previous keys this process was given), wraps it
 * under the current one and records `SigningKeyRewrapped`. The decider records a rewrap once, so
 * a repeated call, or one racing on another replica, changes nothing more. Signing never pauses:
 * the key itself does not change, only how it is wrapped. The ledger's sealing keys are rewrapped
 * the same way (`SealingKeys.rewrap`).
 */
@CommandHandler(RewrapSigningKeysCommand)
export class RewrapSigningKeysHandler implements ICommandHandler<RewrapSigningKeysCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly loop: CommandLoop,
    private readonly ring: KeyEncryptionKeyRing,
    private readonly registry: ConfigurationRegistry,
    private readonly subjectKeys: SubjectKeys,
    private readonly sealingKeys: SealingKeys,
  ) {}

  async execute(command: RewrapSigningKeysCommand): Promise<RewrapSigningKeysResponse> {
    const kekId = this.ring.current.id;
    const rewrapped: { authorizationServerId: string; kid: string; previousKekId: string }[] = [];
    const failed: { authorizationServerId: string; kid: string; kekId: string | null; reason: string }[] = [];
    let alreadyCurrent = 0;
    for (const authorizationServerId of this.registry.authorizationServerIds()) {
      const streamName = signingKeysStreamName(authorizationServerId);
      const { state } = await load(this.store, streamName);
      for (const key of state.keys) {
        if (key.wrappedPrivateKey === undefined || key.kekId === undefined) {
          failed.push({ authorizationServerId, kid: key.kid, kekId: null, reason: 'recorded without its private half, never imported' });
          continue;
        }
        if (key.kekId === kekId) {
          alreadyCurrent += 1;
          continue;
        }
        let wrapped: { wrappedPrivateKey: string; kekId: string };
        try {
          wrapped = await rewrapSigningKey({ kid: key.kid, wrappedPrivateKey: key.wrappedPrivateKey }, this.ring);
        } catch (error) {
          if (!(error instanceof TokenCryptoError)) throw error;
          failed.push({ authorizationServerId, kid: key.kid, kekId: key.kekId, reason: error.code });
          continue;
        }
        await this.loop.run({
          streamName,
          decider: signingKeysDecider,
          load,
          command: { type: 'RewrapSigningKey', data: { authorizationServerId, kid: key.kid, ...wrapped } },
          commandId: randomUUID(),
          metadata: metadataOf(command.context),
        });
        rewrapped.push({ authorizationServerId, kid: key.kid, previousKekId: key.kekId });
      }
    }
    // Subjects' data keys are wrapped under the same KEKs: retiring one needs them rewrapped too.
    const { rewrapped: subjectRewrapped, alreadyCurrent: subjectCurrent, failed: subjectFailed } = await this.subjectKeys.rewrapAll(
      command.context.actor,
      metadataOf(command.context),
    );
    return { kekId, rewrapped, alreadyCurrent, failed, subjectDataKeys: { rewrapped: subjectRewrapped, alreadyCurrent: subjectCurrent, failed: subjectFailed }, sealingKeys: await this.sealingKeys.rewrap() };
  }
}
