import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';
import type { OktaPolicyRule, Versioned } from '../shared/okta-resources';
import type { CreatePolicyRuleRequestDto } from './create-policy-rule.request.dto';

/** Add a rule to an access policy (Okta's `POST .../policies/{policyId}/rules`). */
export class CreatePolicyRuleCommand extends Command<Versioned<OktaPolicyRule>> {
  constructor(
    readonly authorizationServerId: string,
    readonly policyId: string,
    readonly body: CreatePolicyRuleRequestDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
