import type { StoredClientSecret } from '@ledger/domain';

/** One entry of Okta's `_links`: where, and which methods it allows. */
export interface ClientSecretLink {
  readonly href: string;
  readonly hints: { readonly allow: readonly string[] };
}

/**
 * A client secret as Okta's Client Secrets API shows it (`id`, `status`, `created`,
 * `lastUpdated`, `_links`), without `client_secret` nor `secret_hash`: the secret appears only
 * in the response that generated it ({@link ClientSecretResourceWithSecret}).
 */
export interface ClientSecretResource {
  readonly id: string;
  readonly status: 'ACTIVE' | 'INACTIVE';
  /** ISO 8601. */
  readonly created: string;
  /** ISO 8601. */
  readonly lastUpdated: string;
  /** `activate` or `deactivate`, and `delete` for an INACTIVE secret. */
  readonly _links: Record<string, ClientSecretLink>;
}

/** The create response: the resource and the generated secret, shown this once. */
export interface ClientSecretResourceWithSecret extends ClientSecretResource {
  readonly client_secret: string;
}

/** Path of a client's secrets collection under the management API. */
export function clientSecretsPath(clientId: string): string {
  return `/api/v1/clients/${encodeURIComponent(clientId)}/credentials/secrets`;
}

/** The wire shape of a stored secret; drops its hash by construction. */
export function toClientSecretResource(baseUrl: string, clientId: string, secret: StoredClientSecret): ClientSecretResource {
  const self = `${baseUrl}${clientSecretsPath(clientId)}/${encodeURIComponent(secret.secretId)}`;
  const link = (href: string, ...allow: string[]): ClientSecretLink => ({ href, hints: { allow } });
  return {
    id: secret.secretId,
    status: secret.status,
    created: new Date(secret.createdAt).toISOString(),
    lastUpdated: new Date(secret.lastUpdated).toISOString(),
    _links:
      secret.status === 'ACTIVE'
        ? { deactivate: link(`${self}/lifecycle/deactivate`, 'POST') }
        : { activate: link(`${self}/lifecycle/activate`, 'POST'), delete: link(self, 'DELETE') },
  };
}
