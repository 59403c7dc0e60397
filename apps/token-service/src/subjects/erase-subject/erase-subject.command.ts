import { ApiProperty } from '@nestjs/swagger';
import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';

/** What an erasure did (the answer of `DELETE /api/v1/subjects/{sub}`). */
export interface SubjectErasure {
  /** The subject's pseudonym: what the log keeps of it, and what names this erasure. */
  readonly subjectRef: string;
  /** Active families this call revoked (0 when a previous call already had). */
  readonly familiesRevoked: number;
  /**
   * Families issued before personal fields were encrypted, whose streams (holding the subject in
   * plaintext) were removed with a recorded removal.
   */
  readonly plaintextFamiliesRemoved: number;
  /** Whether this call destroyed the subject's data key (false: there was none left). */
  readonly keyDestroyed: boolean;
  /** ISO 8601. */
  readonly erasedAt: string;
}

/** Erase a subject's personal data (GDPR Art. 17): revoke its families and destroy its data key. */
export class EraseSubjectCommand extends Command<SubjectErasure> {
  constructor(
    readonly subject: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** {@link SubjectErasure} for the OpenAPI document. */
export class SubjectErasureDto implements SubjectErasure {
  @ApiProperty({ description: "The subject's pseudonym: what the log keeps of it" }) subjectRef!: string;
  @ApiProperty({ description: 'Active families this call revoked' }) familiesRevoked!: number;
  @ApiProperty({ description: 'Families from before personal fields were encrypted, removed with a recorded removal' }) plaintextFamiliesRemoved!: number;
  @ApiProperty({ description: "Whether this call destroyed the subject's data key" }) keyDestroyed!: boolean;
  @ApiProperty({ format: 'date-time' }) erasedAt!: string;
}
