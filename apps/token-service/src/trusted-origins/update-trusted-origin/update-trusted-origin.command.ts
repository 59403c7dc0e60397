import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';
import type { TrustedOriginResource } from '../shared/trusted-origin-resource';
import type { TrustedOriginRequestDto } from '../shared/trusted-origin.request.dto';

/** Replace a trusted origin's name, origin and scopes. */
export class UpdateTrustedOriginCommand extends Command<TrustedOriginResource> {
  constructor(
    readonly id: string,
    readonly request: TrustedOriginRequestDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
