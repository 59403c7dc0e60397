import { IsArray, IsObject, IsOptional, IsString } from 'class-validator';
import type { AuthorizationServerInput, ConfigurationStatus, IssuerMode } from '@ledger/domain';

/**
 * Body of `POST /api/v1/authorizationServers` (Okta's authorization server JSON). Only the
 * structure is checked here; values (ids, issuer URL, modes, scope names) are the decider's,
 * which names the field it refuses. Read-only fields a client echoes back (`issuer` when not
 * `CUSTOM_URL` aside, `created`, `_links`...) are dropped.
 */
export class CreateAuthorizationServerRequestDto {
  /** Optional: generated (`aus...`) when absent. */
  @IsOptional()
  @IsString()
  id?: string;

  @IsString()
  name!: string;

  @IsOptional()
  @IsString()
  description?: string;

  @IsArray()
  @IsString({ each: true })
  audiences!: string[];

  /** `ORG_URL` (default), `CUSTOM_URL` or `DYNAMIC`; the decider checks the value. */
  @IsOptional()
  @IsString()
  issuerMode?: IssuerMode;

  /** Only with `CUSTOM_URL`. */
  @IsOptional()
  @IsString()
  issuer?: string;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  scopes?: string[];

  /** `ACTIVE` (default) or `INACTIVE`; afterwards only the lifecycle operations change it. */
  @IsOptional()
  @IsString()
  status?: ConfigurationStatus;

  /**
   * The external login service's `authorization`, `endSession`, `userinfo` URLs and the
   * `responseTypes` its authorization endpoint serves; the decider checks each member.
   */
  @IsOptional()
  @IsObject()
  endpoints?: {
    authorization?: string | null;
    endSession?: string | null;
    userinfo?: string | null;
    responseTypes?: string[];
  };

  /** `{ okta: boolean }`: Okta's `ver`, `cid`, `uid`, `scp` in access tokens (default on). */
  @IsOptional()
  @IsObject()
  accessTokenClaims?: { okta?: boolean };

  /**
   * Okta's `credentials.signing`: `rotationMode` (`AUTO`, default on create, or `MANUAL`) and
   * our `algorithm` (`ES256` default, `RS256`) and `rotationPeriodDays` (default 90). `kid`,
   * `lastRotated`, `nextRotation` and `use` are read-only and ignored; the decider checks values.
   */
  @IsOptional()
  @IsObject()
  credentials?: AuthorizationServerInput['credentials'];
}
