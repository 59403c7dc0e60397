import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidConfigurationError } from '@ledger/domain';
import { CommandLoop } from '@ledger/event-sourcing';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { requireRule } from '../shared/authorization-server.reader';
import { OktaResourceMapper, type OktaPolicyRule, type Versioned } from '../shared/okta-resources';
import { onAuthorizationServer, serverAfter } from '../shared/server-command';
import { UpdatePolicyRuleCommand } from './update-policy-rule.command';

/**
 * Appends `PolicyRuleUpdated` (status kept). Families issued under the old version keep their
 * refresh expiry and window; their next refresh takes its access-token lifetime from this one.
 */
@CommandHandler(UpdatePolicyRuleCommand)
export class UpdatePolicyRuleHandler implements ICommandHandler<UpdatePolicyRuleCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
    private readonly okta: OktaResourceMapper,
  ) {}

  async execute(command: UpdatePolicyRuleCommand): Promise<Versioned<OktaPolicyRule>> {
    const { authorizationServerId, policyId, ruleId, body, ifMatch, context } = command;
    if (body.id !== undefined && body.id !== ruleId) throw new InvalidConfigurationError('id', 'must be the id in the path');
    const now = this.clock.now();
    const result = await this.loop.run(
      onAuthorizationServer(
        authorizationServerId,
        { type: 'UpdatePolicyRule', data: { authorizationServerId, rule: { ...body, id: ruleId, policyId }, now } },
        context,
        ifMatch,
      ),
    );
    if (result.position) await this.registry.waitFor(result.position);
    const server = serverAfter(result);
    return { resource: this.okta.rule(authorizationServerId, requireRule(server, policyId, ruleId)), revision: server.revision };
  }
}
