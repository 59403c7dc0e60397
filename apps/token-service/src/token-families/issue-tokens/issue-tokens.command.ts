import { Command } from '@nestjs/cqrs';
import type { TokenResponse } from '../shared/token-response';
import type { RequestContext } from '../../shared/request-context';

/**
 * Start a new token family: a trusted login service authenticated `subject` for `clientId`
 * (SPEC §6.2), or a confidential client authenticated itself (`client_credentials`).
 */
export class IssueTokensCommand extends Command<TokenResponse> {
  constructor(
    readonly authorizationServerId: string,
    readonly clientId: string,
    readonly subject: string,
    readonly scopes: readonly string[],
    /** The grant the caller completed (`authorization_code`, `client_credentials`, ...). */
    readonly grantType: string,
    readonly context: RequestContext,
    readonly options: {
      readonly groups?: readonly string[];
      readonly username?: string;
      readonly authTime?: number;
      /** The person's user id, for the access token's `uid`. */
      readonly userId?: string;
      /**
       * Thumbprint of the DPoP key the tokens are bound to (RFC 9449): of the proof this
       * endpoint verified, or of the one the login service saw (`dpop_jkt`).
       */
      readonly dpopJkt?: string;
    } = {},
  ) {
    super();
  }
}
