import { Query } from '@nestjs/cqrs';
import type { TrustedOriginResource } from '../shared/trusted-origin-resource';

/** One page of trusted origins, oldest first, and the cursor of the next. */
export interface TrustedOriginPage {
  readonly origins: readonly TrustedOriginResource[];
  /** The cursor (`after`) of the next page, or `null` on the last one. */
  readonly nextAfter: string | null;
}

/** Trusted origins matching `q` (if any), oldest first: at most `limit`, after the id `after`. */
export class ListTrustedOriginsQuery extends Query<TrustedOriginPage> {
  constructor(
    readonly q: string | undefined,
    readonly limit: number,
    readonly after: string | undefined,
  ) {
    super();
  }
}
