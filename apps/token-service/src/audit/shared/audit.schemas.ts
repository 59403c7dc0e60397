import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FamilyStatus, Provenance, RefreshFailureReason, RevokeReason, RotationSettings, TokenWhyReason } from '@ledger/domain';
import type { SealingPublicJwk } from '@ledger/token-crypto';
import type { ChainVerificationJson, ConsideredEvent, FamilyStateReport, PersonalJson, PositionJson, RecordedEventJson, SealBreak, SealResource, SealSummary } from '@ledger/audit';
import type { EventProofResponse } from '../seals/event-proof/event-proof.query';
import type { SealConsistencyResponse } from '../seals/seal-consistency/seal-consistency.query';
import type { SubjectFamily } from '../subject-families/subject-families.query';
import type { TokenWhyResponse } from '../token-why/token-why.response';

/*
 * The audit API's answers for the OpenAPI document: classes that implement the types the
 * handlers return, so a field added there and not here fails to compile. Enumerations are
 * listed from records keyed by the domain's unions for the same reason.
 */

const keysOf = <T extends string>(record: Record<T, true>): T[] => Object.keys(record) as T[];

export const FAMILY_STATUSES = keysOf<FamilyStatus>({ 'not-yet-issued': true, active: true, revoked: true, 'expired-absolute': true, 'expired-idle': true });
export const REVOKE_REASONS = keysOf<RevokeReason>({ client_request: true, reuse_detected: true, admin: true, user_logout: true, client_disabled: true });
export const REFRESH_FAILURE_REASONS = keysOf<RefreshFailureReason>({
  unknown_token: true,
  wrong_authorization_server: true,
  client_mismatch: true,
  family_revoked: true,
  absolute_expired: true,
  idle_expired: true,
  reused_outside_leeway: true,
  no_refresh_token: true,
  scope_widening: true,
  no_matching_rule: true,
  clock_behind: true,
  dpop_proof_required: true,
  dpop_key_mismatch: true,
});

export class ProvenanceDto implements Provenance {
  @ApiProperty() authorizationServerId!: string;
  @ApiProperty() policyId!: string;
  @ApiProperty() ruleId!: string;
  @ApiProperty({ description: 'Revision of the authorization server\'s configuration stream (its policies and rules) in force' }) configVersion!: number;
}

export class RotationSettingsDto implements RotationSettings {
  @ApiProperty({ enum: ['ROTATE', 'STATIC'] }) type!: 'ROTATE' | 'STATIC';
  @ApiProperty() leewaySeconds!: number;
}

export class PositionDto implements PositionJson {
  @ApiProperty({ description: 'Commit position, a decimal string (64-bit)', example: '42' }) commit!: string;
  @ApiProperty({ description: 'Prepare position, a decimal string (64-bit)', example: '42' }) prepare!: string;
}

export class RevocationDto {
  @ApiProperty({ enum: REVOKE_REASONS }) reason!: RevokeReason;
  @ApiProperty({ description: '`client:<id>`, `admin:<name>`, or `system` (reuse detection)' }) requestedBy!: string;
  @ApiProperty({ format: 'date-time' }) revokedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The token named in the request (refresh token id or access token jti)' }) tokenId!: string | null;
}

class PersonalDto implements PersonalJson {
  @ApiProperty() subjectRef!: string;
  @ApiProperty({ description: '`[erased]` once the subject was erased' }) subject!: string;
  @ApiPropertyOptional() username?: string;
  @ApiPropertyOptional() userId?: string;
  @ApiPropertyOptional({ type: [String] }) groups?: string[];
  @ApiProperty({ description: 'The subject was erased: its data key is destroyed and every field reads `[erased]`' }) erased!: boolean;
}

/** An event as the audit API writes it. */
export class RecordedEventDto implements RecordedEventJson {
  @ApiProperty({ example: 'tokenFamily-3f0c…' }) streamName!: string;
  @ApiProperty({ description: 'Stream revision, a decimal string', example: '0' }) revision!: string;
  @ApiProperty({ type: PositionDto }) position!: PositionDto;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'TokenIssued' }) type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event data, exactly as stored (what the hash chain covers)' }) data!: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Metadata: actor, request id, causation, the hash link (`prevHash`)' }) metadata!: unknown;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiPropertyOptional({ type: PersonalDto, description: 'The personal fields `data` holds encrypted, read through the subject\'s key' }) personal?: PersonalDto;
}

class FamilyDto {
  @ApiProperty() authorizationServerId!: string;
  @ApiProperty() clientId!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ type: [String] }) scopes!: string[];
  @ApiProperty() grantType!: string;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ type: RotationSettingsDto }) rotation!: RotationSettingsDto;
}

class CurrentRefreshTokenDto {
  @ApiProperty({ description: '`<familyId>.<sequence>`' }) id!: string;
  @ApiProperty({ description: 'Generation: 0 at issuance, one more per rotation' }) sequence!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The earlier of idle and absolute expiry' }) expiresAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) idleExpiresAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) absoluteExpiresAt!: string | null;
}

class LeewayRetryDto {
  @ApiProperty() tokenId!: string;
  @ApiProperty({ format: 'date-time' }) until!: string;
}

class RefreshLifetimesDto {
  @ApiProperty() refreshTokenMinutes!: number;
  @ApiProperty() refreshTokenWindowMinutes!: number;
  @ApiProperty({ type: ProvenanceDto }) provenance!: ProvenanceDto;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
}

class AccessTokenStateDto {
  @ApiProperty() jti!: string;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty() lifetimeMinutes!: number;
  @ApiProperty({ type: ProvenanceDto }) provenance!: ProvenanceDto;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
}

class ConsideredEventDto implements ConsideredEvent {
  @ApiProperty() revision!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "The event's own instant" }) at!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

/** "What was this family's state at T, and why". */
export class FamilyStateReportDto implements FamilyStateReport {
  @ApiProperty() familyId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'How "at T" is read' }) semantics!: string;
  @ApiProperty({ enum: FAMILY_STATUSES }) status!: FamilyStatus;
  @ApiProperty({ description: 'Whether the current refresh token would have been accepted at `at`' }) active!: boolean;
  @ApiProperty({ enum: REFRESH_FAILURE_REASONS, nullable: true, description: 'The reason a refresh at `at` would have been refused with' }) reason!: RefreshFailureReason | null;
  @ApiProperty({ type: RevocationDto, nullable: true }) revocation!: RevocationDto | null;
  @ApiProperty({ type: FamilyDto, nullable: true }) family!: FamilyDto | null;
  @ApiProperty({ type: CurrentRefreshTokenDto, nullable: true }) currentRefreshToken!: CurrentRefreshTokenDto | null;
  @ApiProperty({ type: LeewayRetryDto, nullable: true }) leewayRetry!: LeewayRetryDto | null;
  @ApiProperty({ type: RefreshLifetimesDto, nullable: true }) lifetimes!: RefreshLifetimesDto | null;
  @ApiProperty({ type: AccessTokenStateDto, nullable: true }) accessToken!: AccessTokenStateDto | null;
  @ApiProperty({ type: [ConsideredEventDto] }) eventsConsidered!: ConsideredEventDto[];
  @ApiProperty({ description: 'Events of the stream after `at`, not folded' }) eventsAfter!: number;
}

class ChainBreakDto {
  @ApiProperty() streamName!: string;
  @ApiProperty() revision!: string;
  @ApiProperty({ example: 'hash_mismatch' }) kind!: string;
  @ApiProperty({ type: String, nullable: true }) expected!: string | null;
  @ApiProperty({ type: String, nullable: true }) actual!: string | null;
}

class ChainHeadDto {
  @ApiProperty() streamName!: string;
  @ApiProperty() revision!: string;
  @ApiProperty() hash!: string;
}

class RemovedEventsDto {
  @ApiProperty({ description: 'Events removed with a removal record (retention, erasure)' }) recorded!: number;
  @ApiProperty() streams!: number;
  @ApiProperty({ description: 'Of those, still in the store and checked against their recorded hashes' }) stillStored!: number;
  @ApiPropertyOptional({ description: 'Whole log only: removal entries that cannot be genuine' }) invalid?: number;
}

class SealSummaryDto implements SealSummary {
  @ApiProperty() revision!: string;
  @ApiProperty() treeSize!: number;
  @ApiProperty() rootHash!: string;
  @ApiProperty({ type: PositionDto, nullable: true }) lastPosition!: PositionDto | null;
  @ApiProperty({ description: 'Epoch milliseconds' }) sealedAt!: number;
  @ApiProperty() keyId!: string;
  @ApiProperty() sealHash!: string;
}

class SealBreakDto implements SealBreak {
  @ApiProperty() revision!: string;
  @ApiProperty({ type: Number, nullable: true }) treeSize!: number | null;
  @ApiProperty({ enum: ['malformed', 'signature', 'chain', 'tree_size', 'root', 'last_position', 'beyond_log'] }) kind!: SealBreak['kind'];
  @ApiProperty({ type: String, nullable: true }) expected!: string | null;
  @ApiProperty({ type: String, nullable: true }) actual!: string | null;
}

class SealsCheckDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'Seals checked (up to the first break)' }) checked!: number;
  @ApiProperty({ type: SealSummaryDto, nullable: true, description: 'The newest seal that verified' }) latest!: SealSummaryDto | null;
  @ApiPropertyOptional({ type: SealBreakDto }) firstBreak?: SealBreakDto;
  @ApiPropertyOptional({ type: [String], description: 'Recorded sealing keys this configuration cannot unwrap' }) untrustedKeys?: string[];
}

class PositionRangeDto {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
}

class GapsDto {
  @ApiProperty({ description: 'Whether the store could tell (dense positions: the embedded store)' }) checked!: boolean;
  @ApiProperty() ok!: boolean;
  @ApiProperty() missing!: number;
  @ApiProperty({ type: [PositionRangeDto] }) ranges!: PositionRangeDto[];
}

class UnsealedDto {
  @ApiProperty({ description: 'Leaves after the newest seal' }) leaves!: number;
  @ApiProperty({ type: PositionDto, nullable: true }) fromPosition!: PositionDto | null;
  @ApiProperty({ type: PositionDto, nullable: true }) toPosition!: PositionDto | null;
}

class TreeDto {
  @ApiProperty() size!: number;
  @ApiProperty() rootHash!: string;
}

/**
 * The verification's result: the hash chains of one stream, or of the whole log, which also
 * checks the seals, gaps and removal records (`seals`, `gaps`, `unsealed`, `tree`).
 */
export class ChainVerificationDto implements ChainVerificationJson {
  @ApiProperty({ description: 'Every chain (and, for the whole log, every seal and removal record) holds, and no unrecorded gap' }) ok!: boolean;
  @ApiProperty({ type: String, nullable: true, description: '`null` when every stream was checked' }) stream!: string | null;
  @ApiProperty() streamsChecked!: number;
  @ApiProperty() eventsChecked!: number;
  @ApiPropertyOptional({ type: ChainBreakDto, description: 'The first break, when a chain is broken' }) firstBreak?: ChainBreakDto;
  @ApiPropertyOptional({ type: ChainHeadDto }) head?: ChainHeadDto;
  @ApiPropertyOptional({ type: RemovedEventsDto, description: 'Always for the whole log; for a stream, when removal records cover some of it' }) removed?: RemovedEventsDto;
  @ApiPropertyOptional({ type: SealsCheckDto, description: 'Whole log only' }) seals?: SealsCheckDto;
  @ApiPropertyOptional({ type: GapsDto, description: 'Whole log only: positions missing and listed by no removal record' }) gaps?: GapsDto;
  @ApiPropertyOptional({ type: UnsealedDto, description: 'Whole log only: the window no seal covers yet' }) unsealed?: UnsealedDto;
  @ApiPropertyOptional({ type: TreeDto, description: 'Whole log only: the tree recomputed from the log' }) tree?: TreeDto;
}


/** A seal (signed tree head) as the audit API answers it. */
export class SealDto implements SealResource {
  @ApiProperty({ enum: [1] }) sealVersion!: 1;
  @ApiProperty({ description: 'Leaves covered' }) treeSize!: number;
  @ApiProperty({ description: 'RFC 9162 tree head of those leaves, lowercase hex' }) rootHash!: string;
  @ApiProperty({ type: PositionDto, nullable: true, description: 'Position of the last covered leaf' }) lastPosition!: PositionDto | null;
  @ApiProperty({ type: String, nullable: true, description: "SHA-256 (hex) of the previous seal's jws" }) previousSealHash!: string | null;
  @ApiProperty({ description: 'Epoch milliseconds' }) sealedAt!: number;
  @ApiProperty({ description: 'The sealing key (RFC 7638 thumbprint)' }) keyId!: string;
  @ApiProperty({ description: 'Compact JWS (EdDSA) over the other members' }) jws!: string;
  @ApiProperty() revision!: string;
  @ApiProperty({ type: PositionDto }) position!: PositionDto;
  @ApiProperty({ description: 'SHA-256 (hex) of jws: what the next seal chains to' }) sealHash!: string;
}

const TOKEN_WHY_REASONS = [...REFRESH_FAILURE_REASONS, ...keysOf<Exclude<TokenWhyReason, RefreshFailureReason>>({ rotated_out: true, access_token_expired: true, access_token_revoked: true })];

class DecidedByDto {
  @ApiPropertyOptional() accessTokenLifetimeMinutes?: number;
  @ApiPropertyOptional() refreshTokenLifetimeMinutes?: number;
  @ApiPropertyOptional() refreshTokenWindowMinutes?: number;
  @ApiPropertyOptional({ type: RotationSettingsDto }) rotation?: RotationSettingsDto;
  @ApiProperty({ type: ProvenanceDto }) provenance!: ProvenanceDto;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
}

/** "Why is this token (not) active": ids and reasons, never the token. */
export class TokenWhyDto implements TokenWhyResponse {
  @ApiProperty() active!: boolean;
  @ApiProperty({ enum: TOKEN_WHY_REASONS, nullable: true, description: 'Why it is not active; `null` when it is' }) reason!: TokenWhyReason | null;
  @ApiProperty({ format: 'date-time' }) evaluatedAt!: string;
  @ApiProperty({ enum: ['refresh_token', 'access_token'], nullable: true, description: '`null` for a token this service did not issue' }) tokenType!: 'refresh_token' | 'access_token' | null;
  @ApiProperty({ type: String, nullable: true }) tokenId!: string | null;
  @ApiProperty({ type: String, nullable: true }) familyId!: string | null;
  @ApiProperty({ type: String, nullable: true }) authorizationServerId!: string | null;
  @ApiProperty({ type: String, nullable: true }) clientId!: string | null;
  @ApiProperty({ type: String, nullable: true }) subject!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) mintedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When a rotation replaced this refresh token' }) rotatedOutAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Until when a retry with it still answers the same successor' }) leewayRetryUntil!: string | null;
  @ApiProperty({ type: RevocationDto, nullable: true }) revocation!: RevocationDto | null;
  @ApiProperty({ type: DecidedByDto, nullable: true, description: 'The configuration that decided its lifetime' }) decidedBy!: DecidedByDto | null;
}

/** One family of a subject. */
export class SubjectFamilyDto implements SubjectFamily {
  @ApiProperty() familyId!: string;
  @ApiProperty() authorizationServerId!: string;
  @ApiProperty() clientId!: string;
  @ApiProperty() grantType!: string;
  @ApiProperty({ type: [String] }) scopes!: string[];
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ type: ProvenanceDto }) provenance!: ProvenanceDto;
  @ApiProperty({ enum: FAMILY_STATUSES }) status!: FamilyStatus;
  @ApiProperty({ enum: REFRESH_FAILURE_REASONS, nullable: true }) reason!: RefreshFailureReason | null;
  @ApiProperty({ type: String, nullable: true }) revokeReason!: string | null;
}

/** RFC 9162 inclusion proof of one event. */
export class EventProofDto implements EventProofResponse {
  @ApiProperty({ type: PositionDto }) position!: PositionDto;
  @ApiProperty() leafIndex!: number;
  @ApiProperty() treeSize!: number;
  @ApiProperty() leafHash!: string;
  @ApiProperty({ description: 'The leaf input as text: its UTF-8 bytes are what the leaf hash hashes (after the 0x00 prefix)' }) leafInput!: string;
  @ApiProperty({ description: 'The event was removed (retention, erasure): its leaf comes from the removal record' }) removed!: boolean;
  @ApiProperty({ type: [String], description: 'Hex node hashes (RFC 9162 §2.1.3.1)' }) proof!: string[];
  @ApiProperty({ type: SealDto, nullable: true, description: 'The seal of `treeSize` leaves, if one has exactly that size' }) seal!: SealDto | null;
}

/** RFC 9162 consistency proof between two tree sizes. */
export class SealConsistencyDto implements SealConsistencyResponse {
  @ApiProperty() from!: number;
  @ApiProperty() to!: number;
  @ApiProperty({ type: [String], description: 'Hex node hashes (RFC 9162 §2.1.4.1)' }) proof!: string[];
  @ApiProperty({ type: SealDto, nullable: true }) fromSeal!: SealDto | null;
  @ApiProperty({ type: SealDto, nullable: true }) toSeal!: SealDto | null;
}

class SealingPublicJwkDto implements SealingPublicJwk {
  @ApiProperty({ enum: ['OKP'] }) kty!: 'OKP';
  @ApiProperty({ enum: ['Ed25519'] }) crv!: 'Ed25519';
  @ApiProperty() x!: string;
  @ApiProperty() kid!: string;
  @ApiProperty({ enum: ['EdDSA'] }) alg!: 'EdDSA';
  @ApiProperty({ enum: ['sig'] }) use!: 'sig';
}

/** The public keys that sign the seals (JWKS). */
export class SealingKeysDto {
  @ApiProperty({ type: [SealingPublicJwkDto] }) keys!: SealingPublicJwkDto[];
}
