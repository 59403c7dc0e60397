import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SigningKeyStatus } from '@ledger/domain';
import type { RewrapSigningKeysResponse } from './rewrap-signing-keys/rewrap-signing-keys.response';
import type { SigningKeyResponse } from './signing-key-response';

/*
 * The signing-key routes' answers for the OpenAPI document: classes implementing the types the
 * handlers return, so a field added there and not here fails to compile.
 */

const SIGNING_KEY_STATUSES = Object.keys({ ACTIVE: true, NEXT: true, EXPIRED: true, RETIRED: true } satisfies Record<SigningKeyStatus, true>);

/** A signing key as Okta's Authorization Server Keys API shows it: public members only. */
export class SigningKeyDto implements SigningKeyResponse {
  @ApiProperty() kid!: string;
  @ApiProperty({ example: 'RS256' }) alg!: string;
  @ApiProperty({ enum: ['sig'] }) use!: 'sig';
  @ApiProperty({ example: 'RSA' }) kty!: string;
  @ApiPropertyOptional({ description: 'EC keys' }) crv?: string;
  @ApiPropertyOptional({ description: 'EC keys' }) x?: string;
  @ApiPropertyOptional({ description: 'EC keys' }) y?: string;
  @ApiPropertyOptional({ description: 'RSA keys' }) n?: string;
  @ApiPropertyOptional({ description: 'RSA keys' }) e?: string;
  @ApiProperty({ enum: SIGNING_KEY_STATUSES, description: 'ACTIVE signs; NEXT is published, not signing yet; EXPIRED is replaced but still published until retiresAt; RETIRED is unpublished' })
  status!: SigningKeyStatus;
  @ApiProperty({ format: 'date-time' }) created!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set once a rotation replaced the key' }) retiresAt!: string | null;
}

class RewrappedKeyDto {
  @ApiProperty() authorizationServerId!: string;
  @ApiProperty() kid!: string;
  @ApiProperty() previousKekId!: string;
}

class FailedKeyDto {
  @ApiProperty() authorizationServerId!: string;
  @ApiProperty() kid!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The key-encryption key it is under (`null`: recorded without a private half)' }) kekId!: string | null;
  @ApiProperty() reason!: string;
}

class FailedSubjectKeyDto {
  @ApiProperty() subjectRef!: string;
  @ApiProperty() keyId!: string;
  @ApiProperty({ type: String, nullable: true }) kekId!: string | null;
  @ApiProperty() reason!: string;
}

class SubjectDataKeysRewrapDto {
  @ApiProperty() rewrapped!: number;
  @ApiProperty() alreadyCurrent!: number;
  @ApiProperty({ type: [FailedSubjectKeyDto] }) failed!: FailedSubjectKeyDto[];
}

class RewrappedSealingKeyDto {
  @ApiProperty() keyId!: string;
  @ApiProperty() previousKekId!: string;
}

class FailedSealingKeyDto {
  @ApiProperty() keyId!: string;
  @ApiProperty() kekId!: string;
  @ApiProperty() reason!: string;
}

class SealingKeysRewrapDto {
  @ApiProperty({ type: [RewrappedSealingKeyDto] }) rewrapped!: RewrappedSealingKeyDto[];
  @ApiProperty() alreadyCurrent!: number;
  @ApiProperty({ type: [FailedSealingKeyDto] }) failed!: FailedSealingKeyDto[];
}

/** What a rewrap did: ids only, never a key. */
export class RewrapSigningKeysDto implements RewrapSigningKeysResponse {
  @ApiProperty({ description: "The current key-encryption key's id" }) kekId!: string;
  @ApiProperty({ type: [RewrappedKeyDto] }) rewrapped!: RewrappedKeyDto[];
  @ApiProperty() alreadyCurrent!: number;
  @ApiProperty({ type: [FailedKeyDto], description: 'Empty when the previous key-encryption keys may be dropped' }) failed!: FailedKeyDto[];
  @ApiProperty({ type: SubjectDataKeysRewrapDto }) subjectDataKeys!: SubjectDataKeysRewrapDto;
  @ApiProperty({ type: SealingKeysRewrapDto }) sealingKeys!: SealingKeysRewrapDto;
}
