import { Controller, Get, Param, Query, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody, parseScope } from '../../shared/form';
import { ExplainPolicyQuery, type PolicyExplanation } from './explain-policy.query';
import { ExplainPolicyRequestDto } from './explain-policy.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiManagementErrors, INVALID_QUERY } from '../shared/management-api.openapi';
import { ApiServerParams, TokenLifetimes } from '../shared/okta-resources.response';
import { PolicyExplanationResponse } from './explain-policy.response';

/**
 * `GET /api/v1/authorizationServers/{as}/policies/explain?client_id=&grant_type=&scope=&sub=&groups=`.
 * A static segment: the router prefers it to `policies/{policyId}`, and no policy may take the id.
 */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class ExplainPolicyHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @ApiOperation({ operationId: 'explainPolicy', summary: 'Which policy, rule and lifetimes would govern a token request, and why each other policy and rule did not match' })
  @ApiServerParams('as')
  @ApiQuery({ type: ExplainPolicyRequestDto })
  @ApiExtraModels(TokenLifetimes)
  @ApiOkResponse({ type: PolicyExplanationResponse, description: 'The decision at the current configuration version, and the reasoning.' })
  @ApiManagementErrors(INVALID_QUERY, 404)
  @Get(':as/policies/explain')
  explain(@Param('as') as: string, @Query() query: unknown): Promise<PolicyExplanation> {
    const dto = parseBody(ExplainPolicyRequestDto, query);
    return this.queryBus.execute(
      new ExplainPolicyQuery(as, dto.client_id, dto.grant_type ?? 'authorization_code', parseScope(dto.scope) ?? [], dto.sub, dto.groups ?? []),
    );
  }
}
