import { accessTokenToExplain, isFamilyId, refreshTokenToExplain, type TokenToExplain } from '@ledger/audit';
import { REFRESH_TOKEN_KEY_FILE, type LedgerConfig } from '@ledger/config';
import {
  authorizationServerDecider,
  authorizationServerIssuer,
  authorizationServerStreamName,
  publishedSigningKeys,
  signingKeysDecider,
  signingKeysStreamName,
  tokenFamilyStreamName,
  type TokenIssuedData,
} from '@ledger/domain';
import { fullFoldLoader, type EventStore } from '@ledger/event-sourcing';
import { accessTokenLookupOptions, JwtVerificationFailed, loadOrCreateSecretKey, RefreshTokenCodec, toPublicJwk, verifyJwt } from '@ledger/token-crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Refused } from './cli-errors';

/**
 * Resolves a presented token offline as the service's token endpoints do, from the same
 * store and configuration: a refresh token by its MAC under the refresh-token key, an access
 * token by its signature under its authorization server's published keys and by its issuer
 * (accepting an expired one, so the answer can say it expired). `null` for a string that is
 * neither. Nothing is created: without the refresh-token key a refresh token is refused, naming
 * the key.
 *
 * The service tries every active authorization server; here the `jti` (read before the
 * signature is checked) names the family, whose issuance names the one server whose keys and
 * issuer must then verify the token. A token those do not verify is no token of this ledger.
 */
export async function tokenToExplain(config: LedgerConfig, store: EventStore, token: string, now: number): Promise<TokenToExplain | null> {
  const codec = refreshTokenCodec(config);
  const parsed = codec?.parse(token);
  if (parsed) return refreshTokenToExplain(parsed);
  if (!codec && token.startsWith(REFRESH_TOKEN_PREFIX)) {
    throw new Refused(
      `no refresh-token key here (LEDGER_TOKEN_KEY, or ${path.join(config.dataDir, REFRESH_TOKEN_KEY_FILE)}): a refresh token cannot be checked without it`,
    );
  }
  const familyId = unverifiedFamilyId(token);
  if (familyId === null) return null;
  return accessTokenOf(config, store, token, familyId, now);
}

/** How every refresh token starts (`tlr1.<familyId>.<sequence>.<secret>.<tag>`). */
const REFRESH_TOKEN_PREFIX = 'tlr1.';

/** The service's refresh-token codec, over the key it uses; `null` when this machine does not hold it. */
function refreshTokenCodec(config: LedgerConfig): RefreshTokenCodec | null {
  if (config.tokenKeyFromEnv !== undefined) {
    const key = Buffer.from(config.tokenKeyFromEnv, 'base64url');
    if (key.length < 32) throw new Refused('LEDGER_TOKEN_KEY must be base64url of at least 32 bytes');
    return new RefreshTokenCodec(key);
  }
  const file = path.join(config.dataDir, REFRESH_TOKEN_KEY_FILE);
  // Only read: the generated key is the service's to create.
  return fs.existsSync(file) ? new RefreshTokenCodec(loadOrCreateSecretKey(file)) : null;
}

/** The family an access token's `jti` names, read before any check (a JWT's payload is its second part). */
function unverifiedFamilyId(token: string): string | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const jti = (JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { jti?: unknown }).jti;
    const familyId = typeof jti === 'string' ? jti.split('.', 1)[0] : '';
    return isFamilyId(familyId) ? familyId : null;
  } catch {
    return null;
  }
}

async function accessTokenOf(config: LedgerConfig, store: EventStore, token: string, familyId: string, now: number): Promise<TokenToExplain | null> {
  const [issued] = await store.readStream(tokenFamilyStreamName(familyId), { maxCount: 1 });
  if (issued?.type !== 'TokenIssued') return null;
  const authorizationServerId = (issued.data as TokenIssuedData).authorizationServerId;
  const { state: server } = await fullFoldLoader(authorizationServerDecider)(store, authorizationServerStreamName(authorizationServerId));
  // The token endpoints recognise tokens of active servers only.
  if (server.status !== 'created' || server.server.status !== 'ACTIVE') return null;
  const { state: keys } = await fullFoldLoader(signingKeysDecider)(store, signingKeysStreamName(authorizationServerId));
  const publicKeys = publishedSigningKeys(keys, now).map((key) => toPublicJwk(key.publicJwk));
  const issuer = authorizationServerIssuer(server.server, config.issuerBaseUrl);
  try {
    const { payload } = await verifyJwt(token, { ...accessTokenLookupOptions(issuer, now, { ignoreExpiry: true }), keys: publicKeys });
    return accessTokenToExplain(payload.jti);
  } catch (error) {
    if (error instanceof JwtVerificationFailed) return null;
    throw error;
  }
}
