import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { nullable, TokenLifetimes } from '../shared/okta-resources.response';

/** The OpenAPI schema of {@link PolicyExplanation} (documentation only); its `lifetimes` needs `@ApiExtraModels(TokenLifetimes)`. */

class ExplainedRequest {
  @ApiProperty({ example: 'payments-web' })
  clientId!: string;

  @ApiProperty({ example: 'refresh_token' })
  grantType!: string;

  @ApiProperty({ type: [String], example: ['openid', 'offline_access'] })
  scopes!: string[];

  @ApiPropertyOptional({ example: 'user-42' })
  sub?: string;

  @ApiProperty({ type: [String] })
  groups!: string[];
}

class ExplainedEntry {
  @ApiProperty()
  policyId!: string;

  @ApiProperty()
  policyName!: string;

  @ApiPropertyOptional({ description: "Absent on a policy's own entry (its clients condition and status)." })
  ruleId?: string;

  @ApiPropertyOptional()
  ruleName?: string;

  @ApiProperty()
  matched!: boolean;

  @ApiPropertyOptional({ enum: ['status', 'clients', 'grantTypes', 'scopes', 'people.users', 'people.groups'], description: 'The first condition that did not match.' })
  failedCondition?: string;

  @ApiProperty({ description: 'Why it matched or not, for people.', example: 'grant type refresh_token is not in [client_credentials]' })
  detail!: string;
}

const NAMED = { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } }, required: ['id', 'name'] };

/** Which policy and rule, and which lifetimes, would govern a token request, and why. */
export class PolicyExplanationResponse {
  @ApiProperty()
  authorizationServerId!: string;

  @ApiProperty({ type: 'integer', description: 'Revision of the server stream: what `provenance.configVersion` would record.', example: 12 })
  configVersion!: number;

  @ApiProperty({ type: ExplainedRequest })
  request!: ExplainedRequest;

  @ApiProperty()
  matched!: boolean;

  @ApiPropertyOptional({
    enum: ['no_matching_policy', 'authorization_server_inactive'],
    description: 'Why nothing matched (`no_matching_policy` is answered `access_denied` at the token endpoints).',
  })
  reason?: string;

  @ApiProperty(nullable(NAMED))
  policy!: { id: string; name: string } | null;

  @ApiProperty(nullable(NAMED))
  rule!: { id: string; name: string } | null;

  @ApiProperty({ ...nullable({ $ref: getSchemaPath(TokenLifetimes) }), description: "The rule's `actions.token` a family issued now would get." })
  lifetimes!: TokenLifetimes | null;

  @ApiProperty({ type: [ExplainedEntry], description: 'Every policy and rule examined, in order.' })
  explanation!: ExplainedEntry[];
}
