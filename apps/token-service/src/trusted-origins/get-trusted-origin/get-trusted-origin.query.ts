import { Query } from '@nestjs/cqrs';
import type { TrustedOriginResource } from '../shared/trusted-origin-resource';

/** One trusted origin, folded from the event store. */
export class GetTrustedOriginQuery extends Query<TrustedOriginResource> {
  constructor(readonly id: string) {
    super();
  }
}
