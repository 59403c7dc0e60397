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
import { whatIfQueryOf } from './what-if-policy-change.parse';
import { WhatIfPolicyChangeRequestDto } from './what-if-policy-change.request.dto';
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
    return this.queryBus.execute(whatIfQueryOf(as, body));
  }
}
