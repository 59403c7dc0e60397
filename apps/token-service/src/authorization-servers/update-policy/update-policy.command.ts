import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';
import type { OktaAccessPolicy, Versioned } from '../shared/okta-resources';
import type { UpdatePolicyRequestDto } from './update-policy.request.dto';

/** Replace an access policy (Okta's `PUT .../{as}/policies/{policyId}`). */
export class UpdatePolicyCommand extends Command<Versioned<OktaAccessPolicy>> {
  constructor(
    readonly authorizationServerId: string,
    readonly policyId: string,
    readonly body: UpdatePolicyRequestDto,
    readonly ifMatch: bigint | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}
