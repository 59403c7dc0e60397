import type { EventStore } from '@ledger/event-sourcing';
import { unwrapSealingKey, type KeyEncryptionKeyRing, type SealingKey, type SealingPublicJwk } from '@ledger/token-crypto';
import { readStreamEvents } from '../event-pages';
import { parseSealingKeyCreated, SEALING_KEY_CREATED, SEALING_KEYS_STREAM } from './seal-format';

/** The sealing keys a verification trusts, by key id, and the recorded ones it could not. */
export interface TrustedSealingKeys {
  readonly keys: ReadonlyMap<string, SealingPublicJwk>;
  /** Keys recorded in the log whose private half does not unwrap under this configuration's KEKs. */
  readonly untrusted: readonly string[];
  /** The recorded keys that unwrapped, for a sealer that signs with the newest. */
  readonly unwrapped: readonly SealingKey[];
}

/**
 * The keys whose seals count: each key recorded in `sealingKeys` whose private half unwraps
 * under a KEK of `ring` and is the key its record names (a record an attacker wrote cannot
 * unwrap: they do not hold the KEK), plus the configured key. A public key merely written into
 * the log is never trusted on its own.
 */
export async function loadTrustedSealingKeys(
  store: EventStore,
  ring: KeyEncryptionKeyRing | null,
  configured: SealingKey | null,
): Promise<TrustedSealingKeys> {
  const keys = new Map<string, SealingPublicJwk>();
  const untrusted: string[] = [];
  const unwrapped: SealingKey[] = [];
  if (configured) keys.set(configured.keyId, configured.publicJwk);
  for await (const event of readStreamEvents(store, SEALING_KEYS_STREAM)) {
    if (event.type !== SEALING_KEY_CREATED) continue;
    const recorded = parseSealingKeyCreated(event.data);
    if (!recorded) continue;
    if (!ring) {
      untrusted.push(recorded.keyId);
      continue;
    }
    try {
      const key = await unwrapSealingKey(recorded, ring);
      keys.set(key.keyId, key.publicJwk);
      unwrapped.push(key);
    } catch {
      untrusted.push(recorded.keyId);
    }
  }
  return { keys, untrusted, unwrapped };
}
