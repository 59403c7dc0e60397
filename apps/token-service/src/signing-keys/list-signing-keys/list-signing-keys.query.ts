import { Query } from '@nestjs/cqrs';
import type { SigningKeyResponse } from '../signing-key-response';

/** Every signing key an authorization server ever had, with its status now (Okta's key listing). */
export class ListSigningKeysQuery extends Query<SigningKeyResponse[]> {
  constructor(readonly authorizationServerId: string) {
    super();
  }
}
