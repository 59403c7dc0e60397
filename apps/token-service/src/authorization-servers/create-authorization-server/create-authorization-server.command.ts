import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';
import type { OktaAuthorizationServer, Versioned } from '../shared/okta-resources';
import type { CreateAuthorizationServerRequestDto } from './create-authorization-server.request.dto';

/** Create an authorization server (Okta's `POST /api/v1/authorizationServers`). */
export class CreateAuthorizationServerCommand extends Command<Versioned<OktaAuthorizationServer>> {
  constructor(
    readonly body: CreateAuthorizationServerRequestDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
