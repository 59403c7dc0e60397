import { IsArray, IsObject, IsOptional, IsString, Length } from 'class-validator';

/**
 * The client metadata a registration or an update sends (JSON), in RFC 7591 / Okta names.
 * Only shapes are checked here; every rule (known grant types, leeway 0..60, public clients
 * rotate, `private_key_jwt` needs public `jwks`...) belongs to the client decider, so the API
 * and the bootstrap file cannot disagree. Unknown members are ignored (RFC 7591 §2).
 */
export class ClientMetadataRequestDto {
  /** Chosen id; generated (`0oa…`, as Okta's) when omitted on registration. The id rule is the decider's. */
  @IsOptional()
  @IsString()
  client_id?: string;

  @IsString()
  @Length(1, 200)
  client_name!: string;

  /** Defaults to `client_secret_basic` (RFC 7591 §2). */
  @IsOptional()
  @IsString()
  @Length(1, 64)
  token_endpoint_auth_method?: string;

  /** Defaults to `["authorization_code"]` (RFC 7591 §2). */
  @IsOptional()
  @IsArray()
  grant_types?: unknown[];

  /** `{ "keys": [ public JWKs ] }`; required for `private_key_jwt`. */
  @IsOptional()
  @IsObject()
  jwks?: Record<string, unknown>;

  /** Okta's app setting: `{ "rotation_type": "ROTATE" | "STATIC", "leeway": 0..60 }`. */
  @IsOptional()
  @IsObject()
  refresh_token?: { rotation_type?: unknown; leeway?: unknown };

  /** RFC 9449 §5.2 (and Okta): `true` makes every token request of the client carry a DPoP proof. */
  @IsOptional()
  dpop_bound_access_tokens?: unknown;

  /** `ACTIVE` (default) or `INACTIVE` on registration; afterwards only the lifecycle endpoints change it. */
  @IsOptional()
  @IsString()
  status?: string;
}
