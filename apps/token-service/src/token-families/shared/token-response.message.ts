import type { TokenResponse } from './token-response';

/** `tokenledger.v1.TokenResponse` as the gRPC server writes it (camelCase fields). */
export interface TokenResponseMessage {
  readonly accessToken: string;
  readonly tokenType: 'Bearer' | 'DPoP';
  readonly expiresIn: number;
  readonly scope: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
}

/** The gRPC form of the token endpoint's answer: the same fields, nothing added or dropped. */
export function tokenResponseMessage(response: TokenResponse): TokenResponseMessage {
  return {
    accessToken: response.access_token,
    tokenType: response.token_type,
    expiresIn: response.expires_in,
    scope: response.scope,
    ...(response.refresh_token !== undefined ? { refreshToken: response.refresh_token } : {}),
    ...(response.id_token !== undefined ? { idToken: response.id_token } : {}),
  };
}
