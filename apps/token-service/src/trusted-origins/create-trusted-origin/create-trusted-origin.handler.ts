import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { newOktaId } from '../../authorization-servers/shared/okta-id';
import { TrustedOriginResourceMapper, type TrustedOriginResource } from '../shared/trusted-origin-resource';
import { TrustedOriginsWriter } from '../shared/trusted-origins-writer';
import { CreateTrustedOriginCommand } from './create-trusted-origin.command';

/** Okta's id prefix for trusted origins (`tosue7JvguwJ7U6kz0g3`). */
const TRUSTED_ORIGIN_ID_PREFIX = 'tos';

/** Creates a trusted origin (`TrustedOriginCreated`) under a new Okta-looking id. */
@CommandHandler(CreateTrustedOriginCommand)
export class CreateTrustedOriginHandler implements ICommandHandler<CreateTrustedOriginCommand> {
  constructor(
    private readonly writer: TrustedOriginsWriter,
    private readonly mapper: TrustedOriginResourceMapper,
  ) {}

  async execute({ request, context }: CreateTrustedOriginCommand): Promise<TrustedOriginResource> {
    const id = newOktaId(TRUSTED_ORIGIN_ID_PREFIX);
    const state = await this.writer.run(
      (stamp) => ({ type: 'CreateTrustedOrigin', data: { ...stamp, trustedOrigin: { id, name: request.name, origin: request.origin, scopes: request.scopes } } }),
      context,
    );
    const created = state.origins.find((o) => o.id === id);
    if (!created) throw new Error('a creation decided no trusted origin');
    return this.mapper.toResource(created);
  }
}
