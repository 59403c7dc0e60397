import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { clientDecider, clientStreamName, type ClientCommand } from '@ledger/domain';
import { CommandLoop } from '@ledger/event-sourcing';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { randomUUID } from 'node:crypto';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { metadataOf } from '../../shared/request-context';
import { withWireFieldNames } from '../shared/client-api-errors';
import { loadClient } from '../shared/client-reader';
import { toClientSecretResource, type ClientSecretResource } from '../shared/client-secret-resource';
import { ChangeClientSecretCommand, type ClientSecretChange } from './change-client-secret.command';

const COMMAND_TYPE: Record<ClientSecretChange, 'ActivateClientSecret' | 'DeactivateClientSecret' | 'DeleteClientSecret'> = {
  activate: 'ActivateClientSecret',
  deactivate: 'DeactivateClientSecret',
  delete: 'DeleteClientSecret',
};

/**
 * One secret's lifecycle (`ClientSecretActivated` / `Deactivated` / `Deleted`). Answers once
 * the registry has applied the event, so a deactivated secret is refused on this replica as
 * soon as the caller has the answer.
 */
@CommandHandler(ChangeClientSecretCommand)
export class ChangeClientSecretHandler implements ICommandHandler<ChangeClientSecretCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
  ) {}

  async execute({ clientId, secretId, change, context }: ChangeClientSecretCommand): Promise<ClientSecretResource | null> {
    const command = { type: COMMAND_TYPE[change], data: { clientId, secretId, now: this.clock.now() } } as ClientCommand;
    const result = await withWireFieldNames(() =>
      this.loop.run({
        streamName: clientStreamName(clientId),
        decider: clientDecider,
        load: loadClient,
        command,
        commandId: randomUUID(),
        metadata: metadataOf(context),
      }),
    );
    if (result.position) await this.registry.waitFor(result.position);
    if (change === 'delete') return null;
    const secret = result.state.status === 'registered' ? result.state.client.secrets.find((s) => s.secretId === secretId) : undefined;
    if (!secret) throw new Error('a secret lifecycle change decided no secret');
    return toClientSecretResource(this.config.issuerBaseUrl, clientId, secret);
  }
}
