import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';
import type { ClientResourceWithSecret, ClientResource } from '../shared/client-resource';
import type { RegisterClientRequestDto } from './register-client.request.dto';

/** Register a new client; a secret method gets a generated secret, returned once. */
export class RegisterClientCommand extends Command<ClientResource | ClientResourceWithSecret> {
  constructor(
    readonly request: RegisterClientRequestDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
