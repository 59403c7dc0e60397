import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConfigurationConflictError } from '@ledger/domain';
import { CommandLoop } from '@ledger/event-sourcing';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { readBootstrapFile } from '../../configuration/bootstrap/bootstrap-file';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { onAuthorizationServer } from '../shared/server-command';
import { DeleteAuthorizationServerCommand } from './delete-authorization-server.command';

/**
 * Appends `AuthorizationServerDeleted`. Families already issued by the server keep their
 * history; the token endpoints stop serving the server once the registry has applied this.
 * A server the bootstrap file declares is refused: the next start would re-apply the
 * declaration to a deleted id, which the decider refuses, and the service would not start.
 */
@CommandHandler(DeleteAuthorizationServerCommand)
export class DeleteAuthorizationServerHandler implements ICommandHandler<DeleteAuthorizationServerCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
  ) {}

  async execute({ authorizationServerId, ifMatch, context }: DeleteAuthorizationServerCommand): Promise<void> {
    // In `enforce` mode the next start would re-declare the server, which a deleted id refuses;
    // in `seed` mode (default) the file only creates what never existed, so deleting is fine.
    if (
      this.config.bootstrapMode === 'enforce' &&
      readBootstrapFile(this.config.bootstrapFile).authorizationServers.some((s) => s.id === authorizationServerId)
    ) {
      throw new ConfigurationConflictError('authorizationServer', authorizationServerId, 'is declared in the bootstrap file (LEDGER_BOOTSTRAP_MODE=enforce); remove it there first');
    }
    const now = this.clock.now();
    const result = await this.loop.run(
      onAuthorizationServer(authorizationServerId, { type: 'DeleteAuthorizationServer', data: { authorizationServerId, now } }, context, ifMatch),
    );
    if (result.position) await this.registry.waitFor(result.position);
  }
}
