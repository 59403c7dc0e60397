import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidConfigurationError } from '@ledger/domain';
import { CommandLoop } from '@ledger/event-sourcing';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { requirePolicy } from '../shared/authorization-server.reader';
import { OktaResourceMapper, type OktaAccessPolicy, type Versioned } from '../shared/okta-resources';
import { RegisteredClients } from '../shared/registered-clients';
import { onAuthorizationServer, serverAfter } from '../shared/server-command';
import { UpdatePolicyCommand } from './update-policy.command';

/** Appends `AccessPolicyUpdated` (status kept); an identical policy appends nothing. */
@CommandHandler(UpdatePolicyCommand)
export class UpdatePolicyHandler implements ICommandHandler<UpdatePolicyCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
    private readonly clients: RegisteredClients,
    private readonly okta: OktaResourceMapper,
  ) {}

  async execute(command: UpdatePolicyCommand): Promise<Versioned<OktaAccessPolicy>> {
    const { authorizationServerId, policyId, body, ifMatch, context } = command;
    if (body.id !== undefined && body.id !== policyId) throw new InvalidConfigurationError('id', 'must be the id in the path');
    const knownClientIds = await this.clients.among(body.conditions?.clients?.include);
    const now = this.clock.now();
    const result = await this.loop.run(
      onAuthorizationServer(
        authorizationServerId,
        { type: 'UpdateAccessPolicy', data: { authorizationServerId, policy: { ...body, id: policyId }, knownClientIds, now } },
        context,
        ifMatch,
      ),
    );
    if (result.position) await this.registry.waitFor(result.position);
    const server = serverAfter(result);
    return { resource: this.okta.policy(authorizationServerId, requirePolicy(server, policyId)), revision: server.revision };
  }
}
