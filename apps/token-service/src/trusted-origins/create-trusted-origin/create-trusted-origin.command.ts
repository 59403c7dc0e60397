import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';
import type { TrustedOriginResource } from '../shared/trusted-origin-resource';
import type { TrustedOriginRequestDto } from '../shared/trusted-origin.request.dto';

/** Trust a new origin (ACTIVE). */
export class CreateTrustedOriginCommand extends Command<TrustedOriginResource> {
  constructor(
    readonly request: TrustedOriginRequestDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
