import { Query } from '@nestjs/cqrs';
import type { TokenWhyResponse } from './token-why.response';

/** Why is this token (or token id) active or not, now? Exactly one of the two is set. */
export class TokenWhyQuery extends Query<TokenWhyResponse> {
  constructor(
    /** A refresh token or an access token (JWT); never logged, never echoed. */
    readonly token: string | undefined,
    /** A refresh-token id (`<familyId>.<sequence>`) or an access-token `jti`. */
    readonly tokenId: string | undefined,
  ) {
    super();
  }
}
