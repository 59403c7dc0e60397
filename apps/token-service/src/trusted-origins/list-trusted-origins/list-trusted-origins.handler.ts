import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TrustedOriginResourceMapper } from '../shared/trusted-origin-resource';
import { TrustedOriginsReader } from '../shared/trusted-origins-reader';
import { ListTrustedOriginsQuery, type TrustedOriginPage } from './list-trusted-origins.query';

/** Lists the trusted origins folded from the event store, oldest first, `q` matching as Okta's. */
@QueryHandler(ListTrustedOriginsQuery)
export class ListTrustedOriginsHandler implements IQueryHandler<ListTrustedOriginsQuery> {
  constructor(
    private readonly reader: TrustedOriginsReader,
    private readonly mapper: TrustedOriginResourceMapper,
  ) {}

  async execute({ q, limit, after }: ListTrustedOriginsQuery): Promise<TrustedOriginPage> {
    const needle = q?.toLowerCase();
    const all = (await this.reader.list()).filter(
      (o) => needle === undefined || o.name.toLowerCase().startsWith(needle) || o.origin.startsWith(needle) || hostOf(o.origin).startsWith(needle),
    );
    // A cursor naming an origin deleted since is treated as the start rather than an error.
    const start = after === undefined ? 0 : all.findIndex((o) => o.id === after) + 1;
    const page = all.slice(start, start + limit);
    const more = start + limit < all.length;
    return { origins: page.map((o) => this.mapper.toResource(o)), nextAfter: more && page.length > 0 ? page[page.length - 1].id : null };
  }
}

/** `app.example.com:8443` of `https://app.example.com:8443`, so `q=app` finds it as Okta's search does. */
function hostOf(origin: string): string {
  return origin.slice(origin.indexOf('://') + 3);
}
