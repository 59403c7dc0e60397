import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidConfigurationError } from '@ledger/domain';
import { CommandLoop } from '@ledger/event-sourcing';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { requirePolicy } from '../shared/authorization-server.reader';
import { newOktaId, OKTA_ID_PREFIX } from '../shared/okta-id';
import { OktaResourceMapper, type OktaAccessPolicy, type Versioned } from '../shared/okta-resources';
import { RegisteredClients } from '../shared/registered-clients';
import { onAuthorizationServer, serverAfter } from '../shared/server-command';
import { CreatePolicyCommand } from './create-policy.command';

/** `GET .../policies/explain` is a static route, so a policy with that id could never be read. */
export const RESERVED_POLICY_IDS: readonly string[] = ['explain'];

/**
 * Appends `AccessPolicyCreated`; the client ids the condition names are looked up in their
 * streams first, because the decider sees only the server's stream.
 */
@CommandHandler(CreatePolicyCommand)
export class CreatePolicyHandler implements ICommandHandler<CreatePolicyCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
    private readonly clients: RegisteredClients,
    private readonly okta: OktaResourceMapper,
  ) {}

  async execute({ authorizationServerId, body, context }: CreatePolicyCommand): Promise<Versioned<OktaAccessPolicy>> {
    if (body.id !== undefined && RESERVED_POLICY_IDS.includes(body.id)) {
      throw new InvalidConfigurationError('id', `'${body.id}' is reserved (GET .../policies/explain)`);
    }
    const knownClientIds = await this.clients.among(body.conditions?.clients?.include);
    const now = this.clock.now();
    const id = body.id ?? newOktaId(OKTA_ID_PREFIX.accessPolicy);
    const result = await this.loop.run(
      onAuthorizationServer(
        authorizationServerId,
        { type: 'CreateAccessPolicy', data: { authorizationServerId, policy: { ...body, id }, knownClientIds, now } },
        context,
      ),
    );
    if (result.position) await this.registry.waitFor(result.position);
    const server = serverAfter(result);
    return { resource: this.okta.policy(authorizationServerId, requirePolicy(server, id)), revision: server.revision };
  }
}
