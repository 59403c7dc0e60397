import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidConfigurationError } from '@ledger/domain';
import { CommandLoop } from '@ledger/event-sourcing';
import { SigningKeyRotationScheduler } from '../../signing-keys/signing-key-rotation.scheduler';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { OktaResourceMapper, type OktaAuthorizationServer, type Versioned } from '../shared/okta-resources';
import { onAuthorizationServer, serverAfter } from '../shared/server-command';
import { UpdateAuthorizationServerCommand } from './update-authorization-server.command';

/** Replaces the settings, keeping the status; identical settings append nothing. */
@CommandHandler(UpdateAuthorizationServerCommand)
export class UpdateAuthorizationServerHandler implements ICommandHandler<UpdateAuthorizationServerCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
    private readonly okta: OktaResourceMapper,
    private readonly rotation: SigningKeyRotationScheduler,
  ) {}

  async execute(command: UpdateAuthorizationServerCommand): Promise<Versioned<OktaAuthorizationServer>> {
    const { authorizationServerId: id, body, ifMatch, context } = command;
    if (body.id !== undefined && body.id !== id) throw new InvalidConfigurationError('id', 'must be the id in the path');
    const now = this.clock.now();
    // A GET body PUT back carries the resolved issuer, which is an input only with CUSTOM_URL.
    const issuer = body.issuerMode === 'CUSTOM_URL' ? body.issuer : undefined;
    const result = await this.loop.run(
      onAuthorizationServer(
        id,
        (state) => ({
          type: 'UpdateAuthorizationServer',
          data: {
            authorizationServer: { ...body, id, issuer, status: state.status === 'created' ? state.server.status : undefined },
            now,
          },
        }),
        context,
        ifMatch,
      ),
    );
    if (result.position) {
      await this.registry.waitFor(result.position);
      // A changed algorithm rotates at once: the answer, and the next token, show the new key.
      await this.rotation.runDue();
    }
    const server = serverAfter(result);
    return { resource: this.okta.server(server.state.server), revision: server.revision };
  }
}
