import type { AuthorizationServerDeclaration, TokenEndpointAuthMethod } from '@ledger/domain';
import * as fs from 'node:fs';

/** A client entry of the bootstrap file, in OAuth dynamic-registration / Okta app field names. */
export interface BootstrapClient {
  readonly client_id: string;
  readonly client_name?: string;
  readonly token_endpoint_auth_method: TokenEndpointAuthMethod;
  readonly grant_types: readonly string[];
  /** Plain secret, hashed before it reaches an event. Prefer `client_secret_hash` or `client_secret_file`. */
  readonly client_secret?: string;
  /** `sha256:<hex>` or `scrypt:<salt>:<hash>`. */
  readonly client_secret_hash?: string;
  /** File (relative to the data directory) holding the secret; generated (0600) when missing. */
  readonly client_secret_file?: string;
  readonly jwks?: { readonly keys: readonly Record<string, unknown>[] };
  readonly refresh_token?: { readonly rotation_type?: 'ROTATE' | 'STATIC'; readonly leeway?: number };
  readonly status?: 'ACTIVE' | 'INACTIVE';
}

/** The bootstrap file: authorization servers (with policies and rules) and clients. */
export interface BootstrapFile {
  readonly authorizationServers: readonly AuthorizationServerDeclaration[];
  readonly clients: readonly BootstrapClient[];
}

/** Reads and shape-checks the bootstrap file; field-level rules are the deciders' job. */
export function readBootstrapFile(file: string): BootstrapFile {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`bootstrap file ${file} could not be read as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const doc = raw as Partial<BootstrapFile>;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`bootstrap file ${file}: expected a JSON object`);
  const servers = doc.authorizationServers ?? [];
  const clients = doc.clients ?? [];
  if (!Array.isArray(servers)) throw new Error(`bootstrap file ${file}: authorizationServers must be an array`);
  if (!Array.isArray(clients)) throw new Error(`bootstrap file ${file}: clients must be an array`);
  clients.forEach((c, i) => {
    if (typeof c !== 'object' || c === null || typeof c.client_id !== 'string') {
      throw new Error(`bootstrap file ${file}: clients[${i}].client_id must be a string`);
    }
    const sources = [c.client_secret, c.client_secret_hash, c.client_secret_file].filter((v) => v !== undefined);
    if (sources.length > 1) {
      throw new Error(`bootstrap file ${file}: clients[${i}] gives more than one of client_secret, client_secret_hash, client_secret_file`);
    }
  });
  return { authorizationServers: servers, clients };
}
