/** The token endpoint's success body (RFC 6749 §5.1), as Okta answers it. */
export interface TokenResponse {
  readonly access_token: string;
  /** `DPoP` when the access token is bound to a DPoP key (RFC 9449 §5). */
  readonly token_type: 'Bearer' | 'DPoP';
  readonly expires_in: number;
  readonly scope: string;
  readonly refresh_token?: string;
  readonly id_token?: string;
}
