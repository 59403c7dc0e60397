import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';
import type { ClientResource, ClientResourceWithSecret } from '../shared/client-resource';
import type { UpdateClientRequestDto } from './update-client.request.dto';

/** Replace a client's settings; switching to a secret method generates a secret, returned once. */
export class UpdateClientCommand extends Command<ClientResource | ClientResourceWithSecret> {
  constructor(
    readonly clientId: string,
    readonly request: UpdateClientRequestDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
