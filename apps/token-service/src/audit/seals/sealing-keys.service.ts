import { Inject, Injectable, Logger } from '@nestjs/common';
import { loadTrustedSealingKeys, SEALING_KEY_CREATED, SEALING_KEY_REWRAPPED, SEALING_KEYS_STREAM, type TrustedSealingKeys } from '@ledger/audit';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { EVENT_STORE, eventHash, WrongExpectedRevisionError, type EventStore } from '@ledger/event-sourcing';
import { generateWrappedSealingKey, KeyEncryptionKeyRing, loadConfiguredSealingKey, type SealingKey } from '@ledger/token-crypto';
import { randomUUID } from 'node:crypto';
import { CLOCK, type Clock } from '../../shared/clock';

/**
 * The sealing keys: the one this replica signs seals with, and the ones a verification trusts.
 *
 * The signing key is the operator's (`LEDGER_SEALING_KEY` / `LEDGER_SEALING_KEY_FILE`) or, when
 * none is configured, the key recorded in `sealingKeys`: generated once, its private half
 * wrapped under the key-encryption key exactly as the signing keys are, and appended with
 * `no_stream`, so when replicas start together the first append wins and the others take its
 * key. The private half is never logged and never answered.
 */
@Injectable()
export class SealingKeys {
  private readonly logger = new Logger('SealingKeys');
  private configured: SealingKey | null | undefined;
  private signing: SealingKey | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly ring: KeyEncryptionKeyRing,
  ) {}

  /** The configured key, loaded once (`null` when none is configured). */
  async configuredKey(): Promise<SealingKey | null> {
    if (this.configured === undefined) {
      const source = this.config.seals.sealingKey;
      this.configured = source ? await loadConfiguredSealingKey(source) : null;
    }
    return this.configured;
  }

  /** The keys whose seals verify here, read from the log now (a key another replica made counts at once). */
  async trusted(): Promise<TrustedSealingKeys> {
    return loadTrustedSealingKeys(this.store, this.ring, await this.configuredKey());
  }

  /** The key this replica seals with, made and recorded on first use when none exists. */
  async signingKey(): Promise<SealingKey> {
    if (this.signing) return this.signing;
    const configured = await this.configuredKey();
    if (configured) return (this.signing = configured);
    for (let attempt = 0; attempt < 3; attempt++) {
      const { unwrapped, untrusted } = await this.trusted();
      const newest = unwrapped[unwrapped.length - 1];
      if (newest) return (this.signing = newest);
      const [last] = await this.store.readStream(SEALING_KEYS_STREAM, { direction: 'backwards', fromRevision: 'end', maxCount: 1 });
      const { key, wrappedPrivateKey, kekId } = await generateWrappedSealingKey(this.ring);
      try {
        await this.store.append(
          SEALING_KEYS_STREAM,
          [
            {
              id: randomUUID(),
              type: SEALING_KEY_CREATED,
              data: { keyId: key.keyId, publicJwk: { ...key.publicJwk }, wrappedPrivateKey, kekId, createdAt: this.clock.now() },
              metadata: { schemaVersion: 1, actor: 'system:sealer', previousEventHash: last ? eventHash(last) : null },
            },
          ],
          { expectedRevision: last ? last.revision : 'no_stream' },
        );
        if (untrusted.length > 0) {
          this.logger.warn({ msg: 'no recorded sealing key unwraps under the key-encryption keys; a new one was made (seals by the others no longer verify here)', untrustedKeyIds: untrusted, keyId: key.keyId });
        } else {
          this.logger.log({ msg: 'sealing key created', keyId: key.keyId, kekId });
        }
        return (this.signing = key);
      } catch (error) {
        // Another replica recorded its key first: use that one.
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
    throw new Error('the sealing key could not be recorded: other writers kept changing the sealingKeys stream');
  }

  /**
   * Wraps every recorded sealing key not under the current key-encryption key again under it
   * (`SealingKeyRewrapped`), as `POST /api/v1/signing-keys/rewrap` does for the signing keys, so
   * the previous key-encryption key can be retired without losing the seals' keys.
   */
  async rewrap(): Promise<SealingKeysRewrap> {
    const kekId = this.ring.current.id;
    const { recorded } = await this.trusted();
    const rewrapped: { keyId: string; previousKekId: string }[] = [];
    const failed: { keyId: string; kekId: string; reason: string }[] = [];
    let alreadyCurrent = 0;
    for (const { keyId, kekId: previousKekId, key } of recorded) {
      if (previousKekId === kekId) {
        alreadyCurrent += 1;
        continue;
      }
      if (!key) {
        failed.push({ keyId, kekId: previousKekId, reason: 'key_unwrap_failed' });
        continue;
      }
      const wrapped = await this.ring.wrap(key.privateJwk());
      const [last] = await this.store.readStream(SEALING_KEYS_STREAM, { direction: 'backwards', fromRevision: 'end', maxCount: 1 });
      await this.store.append(
        SEALING_KEYS_STREAM,
        [
          {
            id: randomUUID(),
            type: SEALING_KEY_REWRAPPED,
            data: { keyId, wrappedPrivateKey: wrapped.wrappedPrivateKey, kekId: wrapped.kekId, rewrappedAt: this.clock.now() },
            metadata: { schemaVersion: 1, actor: 'system:sealer', previousEventHash: last ? eventHash(last) : null },
          },
        ],
        { expectedRevision: last ? last.revision : 'no_stream' },
      );
      rewrapped.push({ keyId, previousKekId });
    }
    return { rewrapped, alreadyCurrent, failed };
  }
}

/** What {@link SealingKeys.rewrap} did: key ids and KEK ids only, never key material. */
export interface SealingKeysRewrap {
  readonly rewrapped: readonly { readonly keyId: string; readonly previousKekId: string }[];
  readonly alreadyCurrent: number;
  readonly failed: readonly { readonly keyId: string; readonly kekId: string; readonly reason: string }[];
}
