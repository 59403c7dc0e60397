/**
 * Authentication and the default stream access rules of a secure EventStoreDB node, for the
 * `requireAuth` option. Without it the emulator is an insecure node (`--insecure`), whose
 * passthrough authorization allows everything, as today.
 *
 * What a secure node does (EventStore v24.10):
 * - `src/EventStore.Core/Services/Transport/Http/AuthenticationMiddleware.cs`: credentials
 *   that do not authenticate fail every gRPC call with UNAUTHENTICATED before any handler runs;
 *   a call without credentials goes on as the anonymous user.
 * - `src/EventStore.Core/Authorization/AuthorizationPolicies/LegacyPolicySelectorFactory.cs`:
 *   stream reads and writes require an authenticated user (`AllowAnonymousStreamAccess`
 *   defaults to false), then the legacy ACL check.
 * - `src/EventStore.Core/Authorization/LegacyStreamPermissionAssertion.cs`: `$admins` (and the
 *   system) may do anything except write or delete `$all`; a metastream `$$s` is checked as a
 *   metadata read or write of `s`; otherwise the stream's ACL, else the default ACL of its kind
 *   from `$settings`: `$userStreamAcl` grants everyone (`$all` role) on user streams,
 *   `$systemStreamAcl` only `$admins` on `$`-streams, and `$all` is a system stream. So
 *   reading or subscribing to `$all` needs `$admins` by default.
 * - `src/EventStore.Core/Services/Transport/Grpc/Streams.Read.cs` and `Streams.Append.cs`
 *   answer a refusal with PERMISSION_DENIED and the `exception: access-denied` trailer;
 *   `Streams.BatchAppend.cs` answers it per append, in band.
 *
 * The emulator knows the two users a fresh node creates, `admin` (in `$admins`) and `ops` (in
 * `$ops`), both with the password `changeit`. The 6.2.1 client never sends credentials on
 * `tls=false` (`Client/index.ts`, "Credentials are unsupported in insecure mode"), so:
 * - over TLS (the `tls` option), calls are authenticated as on a secure node: credentials are
 *   checked, and a call without any is anonymous, refused on every stream;
 * - over plaintext with `requireAuth`, a call **without** credentials stands for the
 *   service's own user, authenticated but in no group: it may read and write user streams and
 *   may not read `$all` or other `$`-streams. Credentials that do arrive (from another
 *   client) are checked as the server checks them.
 * Per-stream `$acl` metadata (`$$$all` included) is not interpreted.
 */
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';

import { type Metadata, ServerCredentials } from '@grpc/grpc-js';

import { accessDenied, type RpcError, unauthenticated } from './errors';

/** What `startEsdbEmulator` accepts for authorization (merged into its options). */
export interface AuthOptions {
  /**
   * Behave as a secure node (default `false`: an insecure node, which allows everything).
   * `true`: reading or subscribing to `$all` (or any `$`-stream) needs a `$admins` user
   * (`admin:changeit`); see `auth.ts` for who a call without credentials is.
   */
  readonly requireAuth?: boolean;
  /**
   * Serve TLS with this certificate (PEM files, e.g. a self-signed one for 127.0.0.1 made by
   * `openssl` in the test) instead of plaintext; `connectionString` then says `tls=true` and
   * names the certificate as `tlsCAFile`, so the client trusts it and sends the credentials
   * you add to it (`esdb://admin:changeit@...`).
   */
  readonly tls?: TlsFiles;
}

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** The resolved {@link AuthOptions}, part of the emulator's settings. */
export interface AuthSettings {
  readonly requireAuth: boolean;
  readonly tls?: TlsFiles;
}

/** How the gRPC server listens: plaintext, or TLS with the given certificate. */
export function serverCredentialsOf(settings: AuthSettings): ServerCredentials {
  if (!settings.tls) return ServerCredentials.createInsecure();
  const { certFile, keyFile } = settings.tls;
  return ServerCredentials.createSsl(null, [{ cert_chain: readFileSync(certFile), private_key: readFileSync(keyFile) }], false);
}

/** The query of the emulator's connection string: `tls=false`, or `tls=true` trusting its certificate. */
export function transportQuery(settings: AuthSettings): string {
  return settings.tls ? `tls=true&tlsCAFile=${encodeURIComponent(settings.tls.certFile)}` : 'tls=false';
}

/** Who a call runs as. */
export interface Caller {
  readonly name: string;
  readonly groups: readonly string[];
}

/** The user a plaintext call without credentials stands for under `requireAuth`. */
export const CONNECTION_USER: Caller = { name: '(the connection user)', groups: [] };

/** A call without credentials over TLS; `AllowAnonymousStreamAccess` is off by default. */
const ANONYMOUS: Caller = { name: '(anonymous)', groups: ['$anonymous'] };

/** The users of a fresh node (`$user-admin`, `$user-ops`), with their default password. */
const USERS: ReadonlyMap<string, { readonly password: string; readonly groups: readonly string[] }> = new Map([
  ['admin', { password: 'changeit', groups: ['$admins'] }],
  ['ops', { password: 'changeit', groups: ['$ops'] }],
]);

export type StreamAction = 'read' | 'write' | 'delete';

/**
 * Who the call runs as, or the error that ends it (UNAUTHENTICATED for credentials that do
 * not authenticate). `undefined` when authorization is off.
 */
export function authenticate(settings: AuthSettings, metadata: Metadata): Caller | RpcError | undefined {
  if (!settings.requireAuth) return undefined;
  const [header] = metadata.get('authorization');
  if (header === undefined) return settings.tls ? ANONYMOUS : CONNECTION_USER;
  const match = /^Basic\s+(\S+)$/i.exec(String(header));
  if (!match) return unauthenticated();
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon < 0 ? undefined : USERS.get(decoded.slice(0, colon));
  if (!user || user.password !== decoded.slice(colon + 1)) return unauthenticated();
  return { name: decoded.slice(0, colon), groups: user.groups };
}

/** Whether `caller` may do `action` on `streamName` under the default ACLs. */
export function mayAccess(caller: Caller, action: StreamAction, streamName: string): boolean {
  if (caller === ANONYMOUS) return false;
  if (streamName === '$all' && action !== 'read') return false;
  if (caller.groups.includes('$admins')) return true;
  // A metastream `$$s` is a metadata read or write of `s`; `$userStreamAcl` grants everyone
  // `$mr`/`$mw` on user streams, `$systemStreamAcl` only `$admins` on system streams.
  const subject = streamName.startsWith('$$') ? streamName.slice(2) : streamName;
  return !subject.startsWith('$');
}

/**
 * The whole check of one call on one stream: the error to answer (UNAUTHENTICATED or
 * PERMISSION_DENIED with `exception: access-denied`), or `undefined` to go on.
 */
export function authorize(
  settings: AuthSettings,
  metadata: Metadata,
  action: StreamAction,
  streamName: string,
): RpcError | undefined {
  const caller = authenticate(settings, metadata);
  if (caller === undefined) return undefined;
  if (!('groups' in caller)) return caller;
  return mayAccess(caller, action, streamName) ? undefined : accessDenied();
}
