import { Module } from '@nestjs/common';
import { ChangeAuthorizationServerStatusHandler } from './change-authorization-server-status/change-authorization-server-status.handler';
import { ChangeAuthorizationServerStatusHttpController } from './change-authorization-server-status/change-authorization-server-status.http.controller';
import { ChangePolicyRuleStatusHandler } from './change-policy-rule-status/change-policy-rule-status.handler';
import { ChangePolicyRuleStatusHttpController } from './change-policy-rule-status/change-policy-rule-status.http.controller';
import { ChangePolicyStatusHandler } from './change-policy-status/change-policy-status.handler';
import { ChangePolicyStatusHttpController } from './change-policy-status/change-policy-status.http.controller';
import { CreateAuthorizationServerHandler } from './create-authorization-server/create-authorization-server.handler';
import { CreateAuthorizationServerHttpController } from './create-authorization-server/create-authorization-server.http.controller';
import { CreatePolicyRuleHandler } from './create-policy-rule/create-policy-rule.handler';
import { CreatePolicyRuleHttpController } from './create-policy-rule/create-policy-rule.http.controller';
import { CreatePolicyHandler } from './create-policy/create-policy.handler';
import { CreatePolicyHttpController } from './create-policy/create-policy.http.controller';
import { DeleteAuthorizationServerHandler } from './delete-authorization-server/delete-authorization-server.handler';
import { DeleteAuthorizationServerHttpController } from './delete-authorization-server/delete-authorization-server.http.controller';
import { DeletePolicyRuleHandler } from './delete-policy-rule/delete-policy-rule.handler';
import { DeletePolicyRuleHttpController } from './delete-policy-rule/delete-policy-rule.http.controller';
import { DeletePolicyHandler } from './delete-policy/delete-policy.handler';
import { DeletePolicyHttpController } from './delete-policy/delete-policy.http.controller';
import { ExplainPolicyHandler } from './explain-policy/explain-policy.handler';
import { ExplainPolicyHttpController } from './explain-policy/explain-policy.http.controller';
import { GetAuthorizationServerHandler } from './get-authorization-server/get-authorization-server.handler';
import { GetAuthorizationServerHttpController } from './get-authorization-server/get-authorization-server.http.controller';
import { GetPolicyRuleHandler } from './get-policy-rule/get-policy-rule.handler';
import { GetPolicyRuleHttpController } from './get-policy-rule/get-policy-rule.http.controller';
import { GetPolicyHandler } from './get-policy/get-policy.handler';
import { GetPolicyHttpController } from './get-policy/get-policy.http.controller';
import { ListAuthorizationServersHandler } from './list-authorization-servers/list-authorization-servers.handler';
import { ListAuthorizationServersHttpController } from './list-authorization-servers/list-authorization-servers.http.controller';
import { ListPoliciesHandler } from './list-policies/list-policies.handler';
import { ListPoliciesHttpController } from './list-policies/list-policies.http.controller';
import { ListPolicyRulesHandler } from './list-policy-rules/list-policy-rules.handler';
import { ListPolicyRulesHttpController } from './list-policy-rules/list-policy-rules.http.controller';
import { AuthorizationServerReader } from './shared/authorization-server.reader';
import { OktaResourceMapper } from './shared/okta-resources';
import { RegisteredClients } from './shared/registered-clients';
import { UpdateAuthorizationServerHandler } from './update-authorization-server/update-authorization-server.handler';
import { UpdateAuthorizationServerHttpController } from './update-authorization-server/update-authorization-server.http.controller';
import { UpdatePolicyRuleHandler } from './update-policy-rule/update-policy-rule.handler';
import { UpdatePolicyRuleHttpController } from './update-policy-rule/update-policy-rule.http.controller';
import { UpdatePolicyHandler } from './update-policy/update-policy.handler';
import { UpdatePolicyHttpController } from './update-policy/update-policy.http.controller';
import { WhatIfPolicyChangeHandler } from './what-if-policy-change/what-if-policy-change.handler';
import { WhatIfPolicyChangeGrpcController } from './what-if-policy-change/what-if-policy-change.grpc.controller';
import { WhatIfPolicyChangeHttpController } from './what-if-policy-change/what-if-policy-change.http.controller';
import { GrpcModule } from '../grpc/grpc.module';
import { ProjectionsModule } from '../projections/projections.module';
import { ExplainPolicyGrpcController } from './explain-policy/explain-policy.grpc.controller';

/**
 * Management API for authorization servers, their access policies and rules (Okta-shaped),
 * with the policy explain and what-if endpoints. Every route needs the admin credential; errors take Okta's
 * management format (see `management-errors/`).
 */
@Module({
  imports: [GrpcModule, ProjectionsModule],
  controllers: [
    ExplainPolicyGrpcController,
    // Before `policies/:policyId` for readers; the router itself ranks the static segment first.
    ExplainPolicyHttpController,
    WhatIfPolicyChangeHttpController,
    WhatIfPolicyChangeGrpcController,
    ListAuthorizationServersHttpController,
    CreateAuthorizationServerHttpController,
    GetAuthorizationServerHttpController,
    UpdateAuthorizationServerHttpController,
    DeleteAuthorizationServerHttpController,
    ChangeAuthorizationServerStatusHttpController,
    ListPoliciesHttpController,
    CreatePolicyHttpController,
    GetPolicyHttpController,
    UpdatePolicyHttpController,
    DeletePolicyHttpController,
    ChangePolicyStatusHttpController,
    ListPolicyRulesHttpController,
    CreatePolicyRuleHttpController,
    GetPolicyRuleHttpController,
    UpdatePolicyRuleHttpController,
    DeletePolicyRuleHttpController,
    ChangePolicyRuleStatusHttpController,
  ],
  providers: [
    AuthorizationServerReader,
    OktaResourceMapper,
    RegisteredClients,
    CreateAuthorizationServerHandler,
    UpdateAuthorizationServerHandler,
    DeleteAuthorizationServerHandler,
    ChangeAuthorizationServerStatusHandler,
    CreatePolicyHandler,
    UpdatePolicyHandler,
    DeletePolicyHandler,
    ChangePolicyStatusHandler,
    CreatePolicyRuleHandler,
    UpdatePolicyRuleHandler,
    DeletePolicyRuleHandler,
    ChangePolicyRuleStatusHandler,
    ListAuthorizationServersHandler,
    GetAuthorizationServerHandler,
    ListPoliciesHandler,
    GetPolicyHandler,
    ListPolicyRulesHandler,
    GetPolicyRuleHandler,
    ExplainPolicyHandler,
    WhatIfPolicyChangeHandler,
  ],
})
export class AuthorizationServersModule {}
