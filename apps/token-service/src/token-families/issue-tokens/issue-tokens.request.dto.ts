import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { SCOPE_PATTERN } from '../../shared/form';

/** Body of `POST /api/v1/authorizationServers/{as}/tokens` (form or JSON). */
export class IssueTokensRequestDto {
  @IsString()
  @Length(1, 128)
  client_id!: string;

  @IsString()
  @Length(1, 256)
  sub!: string;

  @IsString()
  @Length(1, 1024)
  @Matches(SCOPE_PATTERN)
  scope!: string;

  /** The grant the login service completed; defaults to `authorization_code`. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_:.-]{1,128}$/)
  grant_type?: string;

  /** Space-separated groups, or an array in JSON. */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(' ').filter(Boolean) : value))
  @IsString({ each: true })
  @Length(1, 128, { each: true })
  groups?: string[];

  @IsOptional()
  @IsString()
  @Length(1, 256)
  username?: string;

  /**
   * The person's user id in the login service's directory (Okta's `uid` access-token claim),
   * when it differs from `sub` or `sub` is not one.
   */
  @IsOptional()
  @IsString()
  @Length(1, 256)
  uid?: string;

  /** Epoch seconds of the login. */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(0)
  @Max(1e11)
  auth_time?: number;

  /**
   * RFC 9449 §10 / §6.1: the SHA-256 JWK thumbprint (base64url) of the DPoP key the client
   * proved to the login service; the access token is bound to it, and a public client's
   * refresh tokens too.
   */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/)
  dpop_jkt?: string;
}
