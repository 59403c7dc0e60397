import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';
import type { SigningKeyResponse } from '../signing-key-response';

/**
 * Rotate an authorization server's signing key (Okta's `keyRotate`): a new key signs from now
 * on, the replaced one stays published until every token it signed has expired.
 */
export class RotateSigningKeyCommand extends Command<SigningKeyResponse> {
  constructor(
    readonly authorizationServerId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
