import { ApiProperty } from '@nestjs/swagger';
import type { ProjectionResource } from '@ledger/audit';
import type { FamilyCountsResource } from '../family-counts/family-counts.query';
import type { FamilyResource } from './family-resource';

/*
 * The ops API's answers for the OpenAPI document: classes implementing the types the handlers
 * return, so a field added there and not here fails to compile.
 */

const NULLABLE_INSTANT = { type: String, format: 'date-time', nullable: true } as const;
const BY_REVOKE_REASON = { type: 'object', additionalProperties: { type: 'integer' }, description: 'Revoked families by the first revocation\'s reason', example: { reuse_detected: 2, admin: 1 } } as const;

/** A token family as the ops API lists it. */
export class FamilyResourceDto implements FamilyResource {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['ACTIVE', 'EXPIRED', 'REVOKED'] }) status!: 'ACTIVE' | 'EXPIRED' | 'REVOKED';
  @ApiProperty({ description: '`[erased]` once the subject was erased' }) subject!: string;
  @ApiProperty() clientId!: string;
  @ApiProperty() authorizationServerId!: string;
  @ApiProperty() grantType!: string;
  @ApiProperty({ type: [String] }) scopes!: string[];
  @ApiProperty({ description: 'Rotations so far' }) generation!: number;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty(NULLABLE_INSTANT) lastRefreshedAt!: string | null;
  @ApiProperty({ ...NULLABLE_INSTANT, description: 'Absolute refresh expiry; `null`: unlimited or no refresh token' }) refreshExpiresAt!: string | null;
  @ApiProperty({ ...NULLABLE_INSTANT, description: 'Idle expiry of the current refresh token' }) idleExpiresAt!: string | null;
  @ApiProperty({ format: 'date-time', description: "When the family's last token stops working unless revoked first" }) expiresAt!: string;
  @ApiProperty(NULLABLE_INSTANT) revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) revokeReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) revokedBy!: string | null;
}

class ClientFamilyCountsDto {
  @ApiProperty() clientId!: string;
  @ApiProperty() total!: number;
  @ApiProperty() active!: number;
  @ApiProperty() expired!: number;
  @ApiProperty() revoked!: number;
  @ApiProperty(BY_REVOKE_REASON) byRevokeReason!: Record<string, number>;
}

/** Families by status (now), revoke reason and client. */
export class FamilyCountsDto implements FamilyCountsResource {
  @ApiProperty({ format: 'date-time', description: 'The instant active and expired were decided at' }) asOf!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Global position (`<commit>/<prepare>`) of the last event counted' }) checkpoint!: string | null;
  @ApiProperty() total!: number;
  @ApiProperty() active!: number;
  @ApiProperty() expired!: number;
  @ApiProperty() revoked!: number;
  @ApiProperty(BY_REVOKE_REASON) byRevokeReason!: Record<string, number>;
  @ApiProperty({ type: [ClientFamilyCountsDto] }) byClient!: ClientFamilyCountsDto[];
}

type ProjectionState = ProjectionResource['state'];
const PROJECTION_STATES = Object.keys({ STARTING: true, CATCHING_UP: true, INDEXING: true, LIVE: true, FAILED: true, STOPPED: true } satisfies Record<ProjectionState, true>);

class OpenBatchDto {
  @ApiProperty() events!: number;
  @ApiProperty({ format: 'date-time' }) since!: string;
}

class RebuildStatusDto {
  @ApiProperty() generation!: number;
  @ApiProperty({ enum: PROJECTION_STATES }) state!: ProjectionState;
  @ApiProperty(NULLABLE_INSTANT) startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) checkpoint!: string | null;
  @ApiProperty() eventsApplied!: number;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

class LastRebuildDto {
  @ApiProperty() generation!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) finishedAt!: string;
}

class LinkDto {
  @ApiProperty() href!: string;
}

class RebuildHintsDto {
  @ApiProperty({ type: [String], enum: ['POST'] }) allow!: ['POST'];
}

class RebuildLinkDto {
  @ApiProperty() href!: string;
  @ApiProperty({ type: RebuildHintsDto }) hints!: RebuildHintsDto;
}

class ProjectionLinksDto {
  @ApiProperty({ type: LinkDto }) self!: LinkDto;
  @ApiProperty({ type: RebuildLinkDto }) rebuild!: RebuildLinkDto;
}

/** A projection's status: checkpoint, lag, state and rebuild. */
export class ProjectionResourceDto implements ProjectionResource {
  @ApiProperty({ example: 'token-families' }) name!: string;
  @ApiProperty({ type: [String] }) readModels!: string[];
  @ApiProperty({ enum: PROJECTION_STATES }) state!: ProjectionState;
  @ApiProperty() generation!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Global position (`<commit>/<prepare>`) of the last event applied' }) checkpoint!: string | null;
  @ApiProperty() eventsApplied!: number;
  @ApiProperty(NULLABLE_INSTANT) lastAppliedRecordedAt!: string | null;
  @ApiProperty({ description: 'Events not applied yet (counting stops at a cap: lagEventsCapped)' }) lagEvents!: number;
  @ApiProperty() lagEventsCapped!: boolean;
  @ApiProperty({ description: 'Age of the oldest event not applied yet, in seconds' }) lagSeconds!: number;
  @ApiProperty({ type: OpenBatchDto, nullable: true }) openBatch!: OpenBatchDto | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: RebuildStatusDto, nullable: true, description: 'The rebuild in progress' }) rebuild!: RebuildStatusDto | null;
  @ApiProperty({ type: LastRebuildDto, nullable: true }) lastRebuild!: LastRebuildDto | null;
  @ApiProperty({ type: ProjectionLinksDto }) _links!: ProjectionLinksDto;
}
