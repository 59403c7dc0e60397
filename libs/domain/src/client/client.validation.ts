import { requireId } from '../ids';
import { InvalidConfigurationError } from '../policy/configuration.errors';
import {
  asSet,
  field,
  requireIntegerInRange,
  requireName,
  requireOneOf,
  requireStringList,
} from '../policy/configuration-validation';
import { isKnownGrantType, KNOWN_GRANT_TYPES } from '../policy/grant-types';
import { structurallyEqual } from '../policy/structurally-equal';
import type { RotationType } from '../token-family/token-family.events';
import type { ClientInput } from './client.commands';
import {
  authMethodUsesSecret,
  TOKEN_ENDPOINT_AUTH_METHODS,
  type ClientJwks,
  type ClientSettings,
  type ClientStatus,
} from './client.events';

/** Okta's refresh-token leeway range, in seconds. */
export const CLIENT_LEEWAY_LIMITS = { min: 0, max: 60 } as const;
/** Okta's defaults for a new app: rotate, 30 s leeway. */
export const DEFAULT_CLIENT_REFRESH_TOKEN = { rotationType: 'ROTATE', leeway: 30 } as const;

const ROTATION_TYPES: readonly RotationType[] = ['ROTATE', 'STATIC'];
const STATUSES: readonly ClientStatus[] = ['ACTIVE', 'INACTIVE'];
/**
 * `<algorithm>:<encoded>`. Checking the shape catches a caller that passes a raw secret by
 * mistake before it is written to an event.
 */
const SECRET_HASH = /^[a-z0-9][a-z0-9-]*:\S+$/;
/** JWK members that hold private or symmetric key material (RFC 7518 §6). */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** A validated client: its settings, the resulting secret hash, and its status. */
export interface NormalizedClient {
  readonly settings: ClientSettings;
  /** The secret hash the client will hold: the submitted one, else the current one if still used. */
  readonly secretHash: string | null;
  /** Whether `secretHash` came from the input (and so may be a rotation). */
  readonly secretSubmitted: boolean;
  readonly status: ClientStatus;
}

/**
 * Validates a submitted client and fills defaults. `currentSecretHash` is the hash the client
 * holds now (`null` for a new client), which satisfies a secret method when none is submitted.
 * `recordedIds`: client ids already in the log, which keep working though they may predate the
 * id rule ({@link requireId}).
 */
export function normalizeClient(
  input: Omit<ClientInput, 'status'> & { readonly status?: ClientStatus },
  currentSecretHash: string | null,
  recordedIds: readonly string[] = [],
): NormalizedClient {
  const clientId = requireId(input.clientId, 'clientId', recordedIds);
  const clientName = requireName(input.clientName, 'clientName');
  const method = requireOneOf(input.tokenEndpointAuthMethod, 'tokenEndpointAuthMethod', TOKEN_ENDPOINT_AUTH_METHODS);

  const grantTypes = requireStringList(input.grantTypes, 'grantTypes', { nonEmpty: true });
  grantTypes.forEach((grantType, index) => {
    if (!isKnownGrantType(grantType)) {
      throw new InvalidConfigurationError(`grantTypes[${index}]`, `unknown grant type; known: ${KNOWN_GRANT_TYPES.join(', ')}`);
    }
  });
  if (method === 'none' && grantTypes.includes('client_credentials')) {
    throw new InvalidConfigurationError('grantTypes', 'a public client (none) cannot use client_credentials: it cannot authenticate');
  }

  const rotationType =
    input.refreshToken?.rotationType === undefined
      ? DEFAULT_CLIENT_REFRESH_TOKEN.rotationType
      : requireOneOf(input.refreshToken.rotationType, 'refreshToken.rotationType', ROTATION_TYPES);
  if (method === 'none' && rotationType !== 'ROTATE') {
    throw new InvalidConfigurationError('refreshToken.rotationType', 'public clients (none) must use ROTATE (SPEC §9)');
  }
  const leeway =
    input.refreshToken?.leeway === undefined
      ? DEFAULT_CLIENT_REFRESH_TOKEN.leeway
      : requireIntegerInRange(input.refreshToken.leeway, 'refreshToken.leeway', CLIENT_LEEWAY_LIMITS.min, CLIENT_LEEWAY_LIMITS.max);

  const secretSubmitted = input.secretHash !== undefined;
  if (secretSubmitted) {
    if (!authMethodUsesSecret(method)) {
      throw new InvalidConfigurationError('secretHash', `is not used by tokenEndpointAuthMethod ${method}`);
    }
    requireSecretHash(input.secretHash);
  }
  const secretHash = authMethodUsesSecret(method) ? (input.secretHash ?? currentSecretHash) : null;
  if (authMethodUsesSecret(method) && secretHash === null) {
    throw new InvalidConfigurationError('secretHash', `is required for tokenEndpointAuthMethod ${method}`);
  }

  const jwks = input.jwks === undefined || input.jwks === null ? null : requireJwks(input.jwks);
  if (method === 'private_key_jwt' && jwks === null) {
    throw new InvalidConfigurationError('jwks', 'is required for tokenEndpointAuthMethod private_key_jwt');
  }

  const dpopBound = input.dpopBoundAccessTokens === undefined ? false : requireBoolean(input.dpopBoundAccessTokens, 'dpopBoundAccessTokens');

  return {
    settings: {
      clientId,
      clientName,
      tokenEndpointAuthMethod: method,
      grantTypes,
      jwks,
      refreshToken: { rotationType, leeway },
      // Recorded only when set, so events of clients that never use DPoP keep their shape.
      ...(dpopBound ? { dpopBoundAccessTokens: true } : {}),
    },
    secretHash,
    secretSubmitted,
    status: input.status === undefined ? 'ACTIVE' : requireOneOf(input.status, 'status', STATUSES),
  };
}

/** Checks the `<algorithm>:<encoded>` shape; the reason never repeats the value. */
export function requireSecretHash(value: unknown, at = 'secretHash'): string {
  if (typeof value !== 'string' || !SECRET_HASH.test(value)) {
    throw new InvalidConfigurationError(at, "must be a hash in '<algorithm>:<encoded>' form (e.g. 'sha256:<hex>'), never a raw secret");
  }
  return value;
}

/** Whether two settings are the same configuration (grant-type order carries no meaning). */
export function sameClientSettings(a: ClientSettings, b: ClientSettings): boolean {
  return structurallyEqual(comparableClient(a), comparableClient(b));
}

function comparableClient(s: ClientSettings): unknown {
  return {
    clientId: s.clientId,
    clientName: s.clientName,
    tokenEndpointAuthMethod: s.tokenEndpointAuthMethod,
    grantTypes: asSet(s.grantTypes),
    jwks: s.jwks,
    refreshToken: { rotationType: s.refreshToken.rotationType, leeway: s.refreshToken.leeway },
    dpopBoundAccessTokens: s.dpopBoundAccessTokens === true,
  };
}

function requireBoolean(value: unknown, at: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidConfigurationError(at, 'must be true or false');
  return value;
}

function requireJwks(value: unknown): ClientJwks {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (typeof value !== 'object' || !Array.isArray(keys) || keys.length === 0) {
    throw new InvalidConfigurationError('jwks.keys', 'must be a non-empty list of JWKs');
  }
  keys.forEach((key: unknown, index) => {
    const at = field('jwks', `keys[${index}]`);
    if (key === null || typeof key !== 'object' || Array.isArray(key) || typeof (key as { kty?: unknown }).kty !== 'string') {
      throw new InvalidConfigurationError(at, 'must be a JWK object with a kty');
    }
    // Private members would land in an event forever; only public keys are accepted.
    const leaked = PRIVATE_JWK_MEMBERS.find((member) => member in key);
    if (leaked !== undefined) {
      throw new InvalidConfigurationError(`${at}.${leaked}`, 'private or symmetric key material is not accepted; submit the public key');
    }
  });
  return { keys: keys as ClientJwks['keys'] };
}
