import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';
import type { OktaAuthorizationServer, Versioned } from '../shared/okta-resources';
import type { UpdateAuthorizationServerRequestDto } from './update-authorization-server.request.dto';

/** Replace a server's settings (Okta's `PUT /api/v1/authorizationServers/{as}`). */
export class UpdateAuthorizationServerCommand extends Command<Versioned<OktaAuthorizationServer>> {
  constructor(
    readonly authorizationServerId: string,
    readonly body: UpdateAuthorizationServerRequestDto,
    /** The revision the caller's `If-Match` named, if any. */
    readonly ifMatch: bigint | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}
