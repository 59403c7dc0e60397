import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';

/** Delete an access policy and its rules (Okta's `DELETE .../{as}/policies/{policyId}`). */
export class DeletePolicyCommand extends Command<void> {
  constructor(
    readonly authorizationServerId: string,
    readonly policyId: string,
    readonly ifMatch: bigint | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}
