import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConfigurationNotFoundError } from '@ledger/domain';
import { TrustedOriginResourceMapper, type TrustedOriginResource } from '../shared/trusted-origin-resource';
import { TrustedOriginsWriter } from '../shared/trusted-origins-writer';
import { UpdateTrustedOriginCommand } from './update-trusted-origin.command';

/** Replaces a trusted origin's settings (`TrustedOriginUpdated`, nothing when unchanged). */
@CommandHandler(UpdateTrustedOriginCommand)
export class UpdateTrustedOriginHandler implements ICommandHandler<UpdateTrustedOriginCommand> {
  constructor(
    private readonly writer: TrustedOriginsWriter,
    private readonly mapper: TrustedOriginResourceMapper,
  ) {}

  async execute({ id, request, context }: UpdateTrustedOriginCommand): Promise<TrustedOriginResource> {
    const state = await this.writer.run(
      (stamp) => ({ type: 'UpdateTrustedOrigin', data: { ...stamp, trustedOrigin: { id, name: request.name, origin: request.origin, scopes: request.scopes } } }),
      context,
    );
    const updated = state.origins.find((o) => o.id === id);
    if (!updated) throw new ConfigurationNotFoundError('trustedOrigin', id);
    return this.mapper.toResource(updated);
  }
}
