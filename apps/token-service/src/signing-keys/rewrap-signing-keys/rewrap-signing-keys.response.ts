import type { SealingKeysRewrap } from '../../audit/seals/sealing-keys.service';

/**
 * The answer of `POST /api/v1/signing-keys/rewrap`: ids of keys and of key-encryption keys only,
 * never a wrapped or unwrapped key.
 */
export interface RewrapSigningKeysResponse {
  /** The current key-encryption key's id: every key listed in `rewrapped` is now under it. */
  readonly kekId: string;
  /** Keys rewrapped by this call, with the key-encryption key they were under. */
  readonly rewrapped: readonly { readonly authorizationServerId: string; readonly kid: string; readonly previousKekId: string }[];
  /** How many keys were already under the current key-encryption key. */
  readonly alreadyCurrent: number;
  /**
   * Keys that could not be rewrapped: wrapped under a key-encryption key this replica does not
   * hold (`kekId`; give it in `LEDGER_PREVIOUS_KEY_ENCRYPTION_KEYS` and call again), or recorded
   * without a private half and never imported (`kekId` null). Empty when the previous
   * key-encryption keys may be dropped.
   */
  readonly failed: readonly { readonly authorizationServerId: string; readonly kid: string; readonly kekId: string | null; readonly reason: string }[];
  /**
   * Subjects' data keys (which encrypt their personal fields), wrapped under the same
   * key-encryption keys: how many this call rewrapped, how many were already current, and those
   * it could not (by pseudonym and key id). The previous KEKs may be dropped once `failed` is
   * empty here too.
   */
  readonly subjectDataKeys: {
    readonly rewrapped: number;
    readonly alreadyCurrent: number;
    readonly failed: readonly { readonly subjectRef: string; readonly keyId: string; readonly kekId: string | null; readonly reason: string }[];
  };
  /** The same for the ledger's sealing keys (stream `sealingKeys`), by key id. */
  readonly sealingKeys: SealingKeysRewrap;
}
