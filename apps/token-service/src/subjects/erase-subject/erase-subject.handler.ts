import { Inject, Logger } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SubjectKeys } from '@ledger/audit';
import { storedPersonalOf, SUBJECT_ERASURES_STREAM, subjectErasuresDecider, tokenFamilyStreamName } from '@ledger/domain';
import { CommandLoop, EVENT_STORE, firstAndLastLoader, uuidv7, type EventStore } from '@ledger/event-sourcing';
import { RevokeSubjectTokensCommand } from '../../ops/revoke-subject-tokens/revoke-subject-tokens.command';
import { FamiliesFinder } from '../../projections/families-finder';
import { CLOCK, type Clock } from '../../shared/clock';
import { metadataOf } from '../../shared/request-context';
import { EraseSubjectCommand, type SubjectErasure } from './erase-subject.command';
import { removeErasedStreams } from './remove-erased-streams';

/**
 * Erases a subject (GDPR Art. 17) by crypto-shredding, in an order that a retry finishes:
 *
 * 1. revokes its active families through the revoke-all path (reason `admin`), so nothing of it
 *    can be refreshed or introspected active any more;
 * 2. appends `SubjectErased { subjectRef, erasedAt, requestedBy }` to `subjectErasures` (the
 *    pseudonym only: the erasure holds no personal data);
 * 3. removes, with a recorded removal (reason `erasure`), the subject's data key streams: every
 *    ciphertext of its personal fields, in the log, the read models and any copy, is then
 *    unreadable, while the events themselves, their hashes and every seal stay as they were. A
 *    family issued before personal fields were encrypted holds them in plaintext: its whole
 *    stream is removed the same way (its history is gone, its leaves and seals stay valid).
 *
 * Idempotent: a second call revokes nothing, finds no key and answers the same shape.
 */
@CommandHandler(EraseSubjectCommand)
export class EraseSubjectHandler implements ICommandHandler<EraseSubjectCommand> {
  private readonly logger = new Logger('SubjectErasure');

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commandBus: CommandBus,
    private readonly keys: SubjectKeys,
    private readonly finder: FamiliesFinder,
    private readonly loop: CommandLoop,
  ) {}

  async execute({ subject, context }: EraseSubjectCommand): Promise<SubjectErasure> {
    const subjectRef = this.keys.ref(subject);
    const { revoked } = await this.commandBus.execute(new RevokeSubjectTokensCommand(subject, undefined, 'admin', context));
    const plaintextFamilies = await this.plaintextFamilyStreams(subject);
    // Every key the subject ever had (its index names them); those still stored are destroyed.
    const keyStreams: string[] = [];
    for (const keyStream of await this.keys.keyStreamsOf(subjectRef)) {
      if ((await this.store.readStream(keyStream, { maxCount: 1 })).length > 0) keyStreams.push(keyStream);
    }
    const hasKey = keyStreams.length > 0;
    const erasedAt = this.clock.now();
    const streams = [...keyStreams, ...plaintextFamilies];
    if (streams.length > 0 || revoked > 0) {
      await this.loop.run({
        streamName: SUBJECT_ERASURES_STREAM,
        decider: subjectErasuresDecider,
        // The decision needs no state; the last event links the chain.
        load: firstAndLastLoader(() => null, () => null),
        command: { type: 'EraseSubject', data: { subjectRef, erasedAt, requestedBy: context.actor } },
        commandId: uuidv7(erasedAt),
        metadata: metadataOf(context),
      });
    }
    if (streams.length > 0) await removeErasedStreams(this.store, { streams, requestedBy: context.actor, removedAt: erasedAt });
    // This replica forgets the key at once; the others when they see `SubjectErased`.
    this.keys.forget(subjectRef);
    this.logger.log({ msg: 'subject erased', subjectRef, familiesRevoked: revoked, plaintextFamiliesRemoved: plaintextFamilies.length, keyDestroyed: hasKey, requestId: context.requestId });
    return {
      subjectRef,
      familiesRevoked: revoked,
      plaintextFamiliesRemoved: plaintextFamilies.length,
      keyDestroyed: hasKey,
      erasedAt: new Date(erasedAt).toISOString(),
    };
  }

  /** The streams of the subject's families whose `TokenIssued` holds its personal fields in plaintext. */
  private async plaintextFamilyStreams(subject: string): Promise<string[]> {
    const streams: string[] = [];
    for await (const page of this.finder.pages({ subject }, this.clock.now())) {
      for (const familyId of page) {
        const streamName = tokenFamilyStreamName(familyId);
        const [first] = await this.store.readStream(streamName, { maxCount: 1 });
        if (first?.type === 'TokenIssued' && storedPersonalOf(first.data) === null) streams.push(streamName);
      }
    }
    return streams;
  }
}
