import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandLoop } from '@ledger/event-sourcing';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { SigningKeysService } from '../../signing-keys/signing-keys.service';
import { newOktaId, OKTA_ID_PREFIX } from '../shared/okta-id';
import { OktaResourceMapper, type OktaAuthorizationServer, type Versioned } from '../shared/okta-resources';
import { onAuthorizationServer, serverAfter } from '../shared/server-command';
import { CreateAuthorizationServerCommand } from './create-authorization-server.command';

/**
 * Creates the server's stream (`AuthorizationServerCreated`), waits until the token endpoints
 * can see it, and creates its signing keys, so the very next token request can be served.
 */
@CommandHandler(CreateAuthorizationServerCommand)
export class CreateAuthorizationServerHandler implements ICommandHandler<CreateAuthorizationServerCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
    private readonly keys: SigningKeysService,
    private readonly okta: OktaResourceMapper,
  ) {}

  async execute({ body, context }: CreateAuthorizationServerCommand): Promise<Versioned<OktaAuthorizationServer>> {
    const now = this.clock.now();
    const id = body.id ?? newOktaId(OKTA_ID_PREFIX.authorizationServer);
    // Okta answers the resolved issuer in every mode but takes it as input only with CUSTOM_URL.
    const issuer = body.issuerMode === 'CUSTOM_URL' ? body.issuer : undefined;
    const result = await this.loop.run(
      onAuthorizationServer(
        id,
        // A server created here without credentials rotates its keys as Okta's do (AUTO, 90 days).
        { type: 'CreateAuthorizationServer', data: { authorizationServer: { ...body, id, issuer, credentials: { signing: {}, ...body.credentials } }, now } },
        context,
      ),
    );
    if (result.position) await this.registry.waitFor(result.position);
    // Keys are otherwise created at start only; issuance would fail until a restart.
    await this.keys.ensure(id);
    const server = serverAfter(result);
    return { resource: this.okta.server(server.state.server), revision: server.revision };
  }
}
