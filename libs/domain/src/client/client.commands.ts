import type { EpochMillis, RotationType } from '../token-family/token-family.events';
import type { ClientJwks, ClientStatus, TokenEndpointAuthMethod } from './client.events';

/**
 * A client as submitted. Defaults: `refreshToken` ROTATE / 30 s, `jwks` none, status ACTIVE.
 * `secretHash` is already hashed by the caller (`<algorithm>:<encoded>`).
 */
export interface ClientInput {
  readonly clientId: string;
  readonly clientName: string;
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  readonly grantTypes: readonly string[];
  readonly secretHash?: string;
  readonly jwks?: ClientJwks | null;
  readonly refreshToken?: { readonly rotationType?: RotationType; readonly leeway?: number };
  /** RFC 9449 §5.2; default false. */
  readonly dpopBoundAccessTokens?: boolean;
  readonly status?: ClientStatus;
}

/** Registers the client the stream is named after. */
export interface RegisterClient {
  readonly type: 'RegisterClient';
  readonly data: { readonly client: ClientInput; readonly now: EpochMillis };
}

/**
 * Replaces the client's settings. Status changes only through enable/disable. `secretHash`,
 * when given, also rotates the secret (needed when switching to a secret method); omitted, the
 * current secret is kept (or dropped when the new method uses none).
 */
export interface UpdateClient {
  readonly type: 'UpdateClient';
  readonly data: { readonly client: Omit<ClientInput, 'status'>; readonly now: EpochMillis };
}

/** Replaces the secret hash; the same hash again is a no-op. */
export interface RotateClientSecret {
  readonly type: 'RotateClientSecret';
  readonly data: { readonly clientId: string; readonly secretHash: string; readonly now: EpochMillis };
}

/** Sets the client INACTIVE; a no-op when it already is. */
export interface DisableClient {
  readonly type: 'DisableClient';
  readonly data: { readonly clientId: string; readonly now: EpochMillis };
}

/** Sets the client ACTIVE; a no-op when it already is. */
export interface EnableClient {
  readonly type: 'EnableClient';
  readonly data: { readonly clientId: string; readonly now: EpochMillis };
}

/** Deletes the client for good; deleting it again is a no-op. */
export interface DeleteClient {
  readonly type: 'DeleteClient';
  readonly data: { readonly clientId: string; readonly now: EpochMillis };
}

/**
 * Bring the stream to a declared client (the bootstrap file); nothing when it already matches.
 *
 * A declared plaintext secret is hashed by the caller, and salted hashes (scrypt) differ on
 * every start, so comparing hashes would rotate the secret at every boot. Instead the caller
 * verifies the declared secret against the current hash and passes `secretMatchesCurrent`:
 * when true the secret counts as unchanged and `client.secretHash` is ignored. It is ignored
 * when the client has no current secret. Omitting the secret keeps the current one.
 */
export interface ApplyClientDeclaration {
  readonly type: 'ApplyClientDeclaration';
  readonly data: {
    readonly client: ClientInput;
    readonly secretMatchesCurrent: boolean;
    readonly now: EpochMillis;
  };
}

/** Every command the client decider accepts. */
export type ClientCommand =
  | RegisterClient
  | UpdateClient
  | RotateClientSecret
  | DisableClient
  | EnableClient
  | DeleteClient
  | ApplyClientDeclaration;
