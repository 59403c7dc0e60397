import { IsIn, IsOptional, IsString, Length } from 'class-validator';

/** Query string of `DELETE /api/v1/users/{sub}/tokens`. */
export class RevokeSubjectTokensRequestDto {
  /** Only this client's families. */
  @IsOptional() @IsString() @Length(1, 128) client_id?: string;

  /** Recorded on each `TokenRevoked`: `admin` (default) or `user_logout` (a login service's "log out everywhere"). */
  @IsOptional() @IsIn(['admin', 'user_logout']) reason?: 'admin' | 'user_logout';
}
