import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandLoop } from '@ledger/event-sourcing';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { requireRule } from '../shared/authorization-server.reader';
import { newOktaId, OKTA_ID_PREFIX } from '../shared/okta-id';
import { OktaResourceMapper, type OktaPolicyRule, type Versioned } from '../shared/okta-resources';
import { onAuthorizationServer, serverAfter } from '../shared/server-command';
import { CreatePolicyRuleCommand } from './create-policy-rule.command';

/** Appends `PolicyRuleCreated`; the next token request on this server already evaluates it. */
@CommandHandler(CreatePolicyRuleCommand)
export class CreatePolicyRuleHandler implements ICommandHandler<CreatePolicyRuleCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
    private readonly okta: OktaResourceMapper,
  ) {}

  async execute({ authorizationServerId, policyId, body, context }: CreatePolicyRuleCommand): Promise<Versioned<OktaPolicyRule>> {
    const now = this.clock.now();
    const id = body.id ?? newOktaId(OKTA_ID_PREFIX.policyRule);
    const result = await this.loop.run(
      onAuthorizationServer(
        authorizationServerId,
        { type: 'CreatePolicyRule', data: { authorizationServerId, rule: { ...body, id, policyId }, now } },
        context,
      ),
    );
    if (result.position) await this.registry.waitFor(result.position);
    const server = serverAfter(result);
    return { resource: this.okta.rule(authorizationServerId, requireRule(server, policyId, id)), revision: server.revision };
  }
}
