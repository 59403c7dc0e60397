import { IsIn, IsOptional } from 'class-validator';

/** Query string of the projection status and rebuild routes. */
export class ProjectionWaitRequestDto {
  /** `true`: answer once caught up (status) or swapped in (rebuild), waiting at most 30 s / 5 min. */
  @IsOptional()
  @IsIn(['true', 'false'])
  wait?: 'true' | 'false';
}
