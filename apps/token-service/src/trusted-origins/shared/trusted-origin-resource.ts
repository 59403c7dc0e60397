import { Inject, Injectable } from '@nestjs/common';
import type { StoredTrustedOrigin } from '@ledger/domain';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';

/** One entry of Okta's `_links`. */
interface Link {
  readonly href: string;
  readonly hints: { readonly allow: readonly string[] };
}

/** A trusted origin in Okta's JSON. */
export interface TrustedOriginResource {
  readonly id: string;
  readonly name: string;
  readonly origin: string;
  readonly scopes: readonly { readonly type: string }[];
  readonly status: string;
  readonly created: string;
  readonly createdBy: string;
  readonly lastUpdated: string;
  readonly lastUpdatedBy: string;
  readonly _links: Record<string, Link>;
}

/** Renders stored trusted origins as Okta does, `_links` under the public base URL. */
@Injectable()
export class TrustedOriginResourceMapper {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

  /** `<base>/api/v1/trustedOrigins/<id>`. */
  href(id: string): string {
    return `${this.config.issuerBaseUrl}/api/v1/trustedOrigins/${encodeURIComponent(id)}`;
  }

  /** The wire shape; the lifecycle link is the transition the status allows, as Okta's. */
  toResource(origin: StoredTrustedOrigin): TrustedOriginResource {
    const self = this.href(origin.id);
    const lifecycle = origin.status === 'ACTIVE' ? 'deactivate' : 'activate';
    return {
      id: origin.id,
      name: origin.name,
      origin: origin.origin,
      scopes: origin.scopes.map((type) => ({ type })),
      status: origin.status,
      created: new Date(origin.created).toISOString(),
      createdBy: origin.createdBy,
      lastUpdated: new Date(origin.lastUpdated).toISOString(),
      lastUpdatedBy: origin.lastUpdatedBy,
      _links: {
        self: { href: self, hints: { allow: ['GET', 'PUT', 'DELETE'] } },
        [lifecycle]: { href: `${self}/lifecycle/${lifecycle}`, hints: { allow: ['POST'] } },
      },
    };
  }
}
