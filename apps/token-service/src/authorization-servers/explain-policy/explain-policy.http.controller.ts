import { Controller, Get, Param, Query, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody, parseScope } from '../../shared/form';
import { ExplainPolicyQuery, type PolicyExplanation } from './explain-policy.query';
import { ExplainPolicyRequestDto } from './explain-policy.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/**
 * `GET /api/v1/authorizationServers/{as}/policies/explain?client_id=&grant_type=&scope=&sub=&groups=`.
 * A static segment: the router prefers it to `policies/{policyId}`, and no policy may take the id.
 */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class ExplainPolicyHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':as/policies/explain')
  explain(@Param('as') as: string, @Query() query: unknown): Promise<PolicyExplanation> {
    const dto = parseBody(ExplainPolicyRequestDto, query);
    return this.queryBus.execute(
      new ExplainPolicyQuery(as, dto.client_id, dto.grant_type ?? 'authorization_code', parseScope(dto.scope) ?? [], dto.sub, dto.groups ?? []),
    );
  }
}
