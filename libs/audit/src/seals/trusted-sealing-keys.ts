import type { EventStore } from '@ledger/event-sourcing';
import { unwrapSealingKey, type KeyEncryptionKeyRing, type SealingKey, type SealingPublicJwk } from '@ledger/token-crypto';
import { readStreamEvents } from '../event-pages';
import { parseSealingKeyCreated, parseSealingKeyRewrapped, SEALING_KEY_CREATED, SEALING_KEY_REWRAPPED, SEALING_KEYS_STREAM } from './seal-format';

/** A sealing key recorded in the log, as far as this configuration can open it. */
export interface RecordedSealingKey {
  readonly keyId: string;
  /** The KEK its newest wrapping is under. */
  readonly kekId: string;
  /** The key itself, when a wrapping of it unwraps under this configuration's KEKs. */
  readonly key: SealingKey | null;
}

/** The sealing keys a verification trusts, by key id, and the recorded ones it could not. */
export interface TrustedSealingKeys {
  readonly keys: ReadonlyMap<string, SealingPublicJwk>;
  /** Keys recorded in the log whose private half does not unwrap under this configuration's KEKs. */
  readonly untrusted: readonly string[];
  /** The recorded keys that unwrapped, oldest first, for a sealer that signs with the newest. */
  readonly unwrapped: readonly SealingKey[];
  /** Every recorded key, oldest first (for rewrapping under a new KEK). */
  readonly recorded: readonly RecordedSealingKey[];
}

/**
 * The keys whose seals count: each key recorded in `sealingKeys` one of whose wrappings
 * (`SealingKeyCreated`, then any `SealingKeyRewrapped`) unwraps under a KEK of `ring` and is the
 * key its record names (a record an attacker wrote cannot unwrap: they do not hold the KEK),
 * plus the configured key. A public key merely written into the log is never trusted on its own.
 */
export async function loadTrustedSealingKeys(
  store: EventStore,
  ring: KeyEncryptionKeyRing | null,
  configured: SealingKey | null,
): Promise<TrustedSealingKeys> {
  const created = new Map<string, { publicJwk: unknown; wrappings: { wrappedPrivateKey: string; kekId: string }[] }>();
  for await (const event of readStreamEvents(store, SEALING_KEYS_STREAM)) {
    if (event.type === SEALING_KEY_CREATED) {
      const record = parseSealingKeyCreated(event.data);
      if (record && !created.has(record.keyId)) created.set(record.keyId, { publicJwk: record.publicJwk, wrappings: [{ wrappedPrivateKey: record.wrappedPrivateKey, kekId: record.kekId }] });
    } else if (event.type === SEALING_KEY_REWRAPPED) {
      const record = parseSealingKeyRewrapped(event.data);
      if (record) created.get(record.keyId)?.wrappings.push({ wrappedPrivateKey: record.wrappedPrivateKey, kekId: record.kekId });
    }
  }
  const keys = new Map<string, SealingPublicJwk>();
  if (configured) keys.set(configured.keyId, configured.publicJwk);
  const untrusted: string[] = [];
  const unwrapped: SealingKey[] = [];
  const recorded: RecordedSealingKey[] = [];
  for (const [keyId, { publicJwk, wrappings }] of created) {
    let key: SealingKey | null = null;
    // Newest wrapping first: after a rewrap, the previous KEK may be gone.
    for (const wrapping of [...wrappings].reverse()) {
      if (!ring) continue;
      try {
        key = await unwrapSealingKey({ keyId, publicJwk, wrappedPrivateKey: wrapping.wrappedPrivateKey }, ring);
        break;
      } catch {
        // Tampered with, or not the key its record names: try the next wrapping.
      }
    }
    recorded.push({ keyId, kekId: wrappings[wrappings.length - 1].kekId, key });
    if (key) {
      keys.set(key.keyId, key.publicJwk);
      unwrapped.push(key);
    } else {
      untrusted.push(keyId);
    }
  }
  return { keys, untrusted, unwrapped, recorded };
}
