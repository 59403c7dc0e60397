import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TrustedOriginResourceMapper, type TrustedOriginResource } from '../shared/trusted-origin-resource';
import { TrustedOriginsReader } from '../shared/trusted-origins-reader';
import { GetTrustedOriginQuery } from './get-trusted-origin.query';

/** The origin; 404 (`E0000007`) for an unknown or deleted id. */
@QueryHandler(GetTrustedOriginQuery)
export class GetTrustedOriginHandler implements IQueryHandler<GetTrustedOriginQuery> {
  constructor(
    private readonly reader: TrustedOriginsReader,
    private readonly mapper: TrustedOriginResourceMapper,
  ) {}

  async execute({ id }: GetTrustedOriginQuery): Promise<TrustedOriginResource> {
    return this.mapper.toResource(await this.reader.require(id));
  }
}
