import type { Decider, DomainEvent } from '../decider';

/** A public signing key as recorded: never the private part (SPEC §9). */
export interface PublicSigningKey {
  readonly kid: string;
  readonly alg: string;
  /** The public JWK (`kty`, `crv`, `x`, `y`, `kid`, `alg`, `use`). */
  readonly publicJwk: Readonly<Record<string, unknown>>;
  /** Epoch milliseconds. */
  readonly createdAt: number;
}

export type SigningKeyCreated = DomainEvent<'SigningKeyCreated', PublicSigningKey & { readonly authorizationServerId: string }>;
export type SigningKeysEvent = SigningKeyCreated;

/** Record a key the key store holds (idempotent: a kid already recorded yields no event). */
export interface RecordSigningKey {
  readonly type: 'RecordSigningKey';
  readonly data: PublicSigningKey & { readonly authorizationServerId: string };
}
export type SigningKeysCommand = RecordSigningKey;

export interface SigningKeysState {
  /** Oldest first; the last is the active key. */
  readonly keys: readonly PublicSigningKey[];
}

/** Stream of an authorization server's public signing keys. */
export function signingKeysStreamName(authorizationServerId: string): string {
  return `signingKeys-${authorizationServerId}`;
}

/**
 * The public history of an authorization server's signing keys, so auditors can tell which key
 * signed a token at any time. The private keys live only in the key store on disk.
 */
export const signingKeysDecider: Decider<SigningKeysCommand, SigningKeysEvent, SigningKeysState> = {
  initialState: () => ({ keys: [] }),
  decide(command, state) {
    if (state.keys.some((k) => k.kid === command.data.kid)) return [];
    return [{ type: 'SigningKeyCreated', data: command.data }];
  },
  evolve(state, event) {
    if (event.type !== 'SigningKeyCreated') return state;
    const { authorizationServerId: _as, ...key } = event.data;
    return { keys: [...state.keys, key] };
  },
};
