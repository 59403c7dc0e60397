import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { SCOPE_PATTERN } from '../../shared/form';

const blankToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Query of `GET .../{as}/policies/explain`: the token request to evaluate, named as on the
 * issuance endpoint (`client_id`, `grant_type`, `scope`, `sub`, `groups`).
 */
export class ExplainPolicyRequestDto {
  @IsString()
  @Length(1, 128)
  client_id!: string;

  /** Defaults to `authorization_code`, as on issuance. */
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @Matches(/^[A-Za-z0-9_:.-]{1,128}$/)
  grant_type?: string;

  /** Space-separated scopes; none when absent. */
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @Length(1, 1024)
  @Matches(SCOPE_PATTERN)
  scope?: string;

  /** The user; absent for a client acting on its own behalf (people conditions then do not apply). */
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @Length(1, 256)
  sub?: string;

  /** Space-separated, or the parameter repeated. */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(' ').filter(Boolean) : value))
  @IsString({ each: true })
  @Length(1, 128, { each: true })
  groups?: string[];
}
