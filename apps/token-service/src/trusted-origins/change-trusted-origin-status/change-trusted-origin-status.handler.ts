import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConfigurationNotFoundError } from '@ledger/domain';
import { TrustedOriginResourceMapper, type TrustedOriginResource } from '../shared/trusted-origin-resource';
import { TrustedOriginsWriter } from '../shared/trusted-origins-writer';
import { ChangeTrustedOriginStatusCommand } from './change-trusted-origin-status.command';

/**
 * `TrustedOriginActivated` / `TrustedOriginDeactivated` (nothing when already so). A
 * deactivated origin gets no CORS headers from the moment this answers, on this replica.
 */
@CommandHandler(ChangeTrustedOriginStatusCommand)
export class ChangeTrustedOriginStatusHandler implements ICommandHandler<ChangeTrustedOriginStatusCommand> {
  constructor(
    private readonly writer: TrustedOriginsWriter,
    private readonly mapper: TrustedOriginResourceMapper,
  ) {}

  async execute({ id, status, context }: ChangeTrustedOriginStatusCommand): Promise<TrustedOriginResource> {
    const type = status === 'ACTIVE' ? 'ActivateTrustedOrigin' : 'DeactivateTrustedOrigin';
    const state = await this.writer.run((stamp) => ({ type, data: { ...stamp, id } }), context);
    const changed = state.origins.find((o) => o.id === id);
    if (!changed) throw new ConfigurationNotFoundError('trustedOrigin', id);
    return this.mapper.toResource(changed);
  }
}
