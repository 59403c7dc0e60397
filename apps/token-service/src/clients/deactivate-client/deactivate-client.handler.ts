import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { clientDecider, clientStreamName } from '@ledger/domain';
import { CommandLoop } from '@ledger/event-sourcing';
import { randomUUID } from 'node:crypto';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { ClientFamiliesRevoker } from '../shared/client-families-revoker';
import { metadataOf } from '../../shared/request-context';
import { loadClient } from '../shared/client-reader';
import { DeactivateClientCommand } from './deactivate-client.command';

/**
 * Disables a client (`ClientDisabled`), waits until this replica's registry refuses it at
 * client authentication, then revokes every one of its families (`TokenRevoked`, reason
 * `client_disabled`), so no token it holds stays active. The order matters: disabling first
 * stops the client from starting families the scan would miss.
 *
 * Always runs the revocation, even for a client already disabled: a call interrupted half-way
 * is finished by calling it again, and families already revoked append nothing.
 */
@CommandHandler(DeactivateClientCommand)
export class DeactivateClientHandler implements ICommandHandler<DeactivateClientCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
    private readonly revoker: ClientFamiliesRevoker,
  ) {}

  async execute({ clientId, context }: DeactivateClientCommand): Promise<void> {
    const result = await this.loop.run({
      streamName: clientStreamName(clientId),
      decider: clientDecider,
      load: loadClient,
      command: { type: 'DisableClient', data: { clientId, now: this.clock.now() } },
      commandId: randomUUID(),
      metadata: metadataOf(context),
    });
    if (result.position) await this.registry.waitFor(result.position);
    await this.revoker.revokeAll(clientId, context);
  }
}
