import { Body, Controller, Header, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { parseBody } from '../../shared/form';
import { CreatePolicyRuleRequestDto } from '../create-policy-rule/create-policy-rule.request.dto';
import { CreatePolicyRequestDto } from '../create-policy/create-policy.request.dto';
import { UpdatePolicyRuleRequestDto } from '../update-policy-rule/update-policy-rule.request.dto';
import { UpdatePolicyRequestDto } from '../update-policy/update-policy.request.dto';
import { WhatIfPolicyChangeQuery, type PolicyDraft } from './what-if-policy-change.query';
import { DEFAULT_EXAMPLES_PER_KIND, WhatIfPolicyChangeRequestDto } from './what-if-policy-change.request.dto';
import { PolicyWhatIfResponseDto, WhatIfRuleDto } from './what-if-policy-change.response.dto';

/**
 * `POST /api/v1/authorizationServers/{as}/policies/what-if`: what an unsaved policy or rule
 * change would do to the live families at their next refresh. A POST because the draft is a
 * whole resource, but it appends nothing. `what-if` is a static segment: `POST .../policies`
 * and the routes under `policies/{policyId}/...` have other shapes, so no policy id collides.
 */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@ApiExtraModels(WhatIfRuleDto)
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class WhatIfPolicyChangeHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Post(':as/policies/what-if')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'whatIfPolicyChange',
    summary: 'What a draft policy or rule change would do to live token families at their next refresh',
    description:
      'Evaluates an unsaved change (create, replace, activate, deactivate or delete a policy or a rule) against every ' +
      'family of this server whose refresh token can still be exchanged, from the read models, and appends nothing: ' +
      'counts per kind of effect, per rule transition and per client, and examples. The draft is validated as its ' +
      'own route validates it.',
  })
  @ApiParam({ name: 'as', description: 'The authorization server id.' })
  @ApiBody({ type: WhatIfPolicyChangeRequestDto })
  @ApiOkResponse({ type: PolicyWhatIfResponseDto, description: 'The effects of the draft; nothing was appended.' })
  @ApiBadRequestResponse({ description: 'Invalid draft (`E0000001`, the cause names the field), as the create/update routes answer.' })
  @ApiUnauthorizedResponse({ description: 'No admin credential, or another one (the auditor’s included) (`E0000011`).' })
  @ApiNotFoundResponse({ description: 'Unknown authorization server, policy or rule (`E0000007`).' })
  @ApiConflictResponse({ description: 'A `createPolicy`/`createRule` draft with an id already taken.' })
  whatIf(@Param('as') as: string, @Body() body: unknown): Promise<PolicyWhatIfResponseDto> {
    const dto = parseBody(WhatIfPolicyChangeRequestDto, body);
    return this.queryBus.execute(new WhatIfPolicyChangeQuery(as, draftOf(dto), dto.maxExamples ?? DEFAULT_EXAMPLES_PER_KIND));
  }
}

/** The draft with its resource validated by the DTO of the route that would save it. */
function draftOf(dto: WhatIfPolicyChangeRequestDto): PolicyDraft {
  // The request DTO required each id and resource its change needs.
  const policyId = dto.policyId as string;
  const ruleId = dto.ruleId as string;
  switch (dto.change) {
    case 'createPolicy':
      return { change: dto.change, policy: parseBody(CreatePolicyRequestDto, dto.policy) };
    case 'updatePolicy':
      return { change: dto.change, policyId, policy: parseBody(UpdatePolicyRequestDto, dto.policy) };
    case 'activatePolicy':
    case 'deactivatePolicy':
    case 'deletePolicy':
      return { change: dto.change, policyId };
    case 'createRule':
      return { change: dto.change, policyId, rule: parseBody(CreatePolicyRuleRequestDto, dto.rule) };
    case 'updateRule':
      return { change: dto.change, policyId, ruleId, rule: parseBody(UpdatePolicyRuleRequestDto, dto.rule) };
    case 'activateRule':
    case 'deactivateRule':
    case 'deleteRule':
      return { change: dto.change, policyId, ruleId };
  }
}
