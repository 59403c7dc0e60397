import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConfigurationNotFoundError } from '@ledger/domain';
import { CommandLoop } from '@ledger/event-sourcing';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { SigningKeysService } from '../../signing-keys/signing-keys.service';
import { onAuthorizationServer, serverAfter } from '../shared/server-command';
import { ChangeAuthorizationServerStatusCommand } from './change-authorization-server-status.command';

/**
 * The decider has no lifecycle command for servers: status is one of the settings, so this is
 * an update of the current settings with only the status changed (a no-op when already so).
 */
@CommandHandler(ChangeAuthorizationServerStatusCommand)
export class ChangeAuthorizationServerStatusHandler implements ICommandHandler<ChangeAuthorizationServerStatusCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
    private readonly keys: SigningKeysService,
  ) {}

  async execute({ authorizationServerId, status, ifMatch, context }: ChangeAuthorizationServerStatusCommand): Promise<bigint> {
    const now = this.clock.now();
    const result = await this.loop.run(
      onAuthorizationServer(
        authorizationServerId,
        (state) => {
          if (state.status !== 'created') throw new ConfigurationNotFoundError('authorizationServer', authorizationServerId);
          return { type: 'UpdateAuthorizationServer', data: { authorizationServer: { ...state.server, status }, now } };
        },
        context,
        ifMatch,
      ),
    );
    if (result.position) await this.registry.waitFor(result.position);
    // A server inactive at start had no keys loaded; it must sign from its first request.
    if (status === 'ACTIVE') await this.keys.ensure(authorizationServerId);
    return serverAfter(result).revision;
  }
}
