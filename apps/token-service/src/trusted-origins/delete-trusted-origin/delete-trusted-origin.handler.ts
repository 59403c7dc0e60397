import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TrustedOriginsWriter } from '../shared/trusted-origins-writer';
import { DeleteTrustedOriginCommand } from './delete-trusted-origin.command';

/** Deletes a trusted origin (`TrustedOriginDeleted`); an already deleted one appends nothing. */
@CommandHandler(DeleteTrustedOriginCommand)
export class DeleteTrustedOriginHandler implements ICommandHandler<DeleteTrustedOriginCommand> {
  constructor(private readonly writer: TrustedOriginsWriter) {}

  async execute({ id, context }: DeleteTrustedOriginCommand): Promise<void> {
    await this.writer.run((stamp) => ({ type: 'DeleteTrustedOrigin', data: { ...stamp, id } }), context);
  }
}
