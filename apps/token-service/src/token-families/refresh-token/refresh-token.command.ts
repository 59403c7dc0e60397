import { Command } from '@nestjs/cqrs';
import type { DpopProofKey } from '@ledger/domain';
import type { ClientView } from '../../configuration/configuration.registry';
import type { TokenResponse } from '../shared/token-response';
import type { RequestContext } from '../../shared/request-context';

/** Exchange a refresh token for new tokens (RFC 6749 §6), for an already authenticated client. */
export class RefreshTokenCommand extends Command<TokenResponse> {
  constructor(
    readonly authorizationServerId: string,
    readonly client: ClientView,
    /** The raw refresh token as presented; never logged or stored. */
    readonly refreshToken: string,
    /** Requested scopes; `undefined` asks for the whole grant. */
    readonly scopes: readonly string[] | undefined,
    readonly context: RequestContext,
    /** The verified DPoP proof's key (RFC 9449), when the request carried one. */
    readonly dpop?: DpopProofKey,
  ) {
    super();
  }
}
