import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';
import type { OktaAccessPolicy, Versioned } from '../shared/okta-resources';
import type { CreatePolicyRequestDto } from './create-policy.request.dto';

/** Add an access policy to a server (Okta's `POST .../{as}/policies`). */
export class CreatePolicyCommand extends Command<Versioned<OktaAccessPolicy>> {
  constructor(
    readonly authorizationServerId: string,
    readonly body: CreatePolicyRequestDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
