import { Inject, Injectable, Logger } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { SubjectKeys } from '@ledger/audit';
import { storedPersonalOf, TOKEN_FAMILY_CATEGORY, type TokenIssuedData } from '@ledger/domain';
import { comparePositions, EVENT_STORE, type EventStore, type GlobalPosition, type RecordedEvent } from '@ledger/event-sourcing';
import { ProjectionRunner, ProjectionWaitTimeoutError } from '@ledger/projections';
import { ReadModelDatabase, type FamilyCursor } from '@ledger/read-model-sqlite';

/** Whose families: a subject's (audit) or a client's (deactivating it revokes them all). */
export type FamilyOwner = { readonly subject: string } | { readonly clientId: string };

/** How long a search waits for the families read model to reach the log's head. */
const CATCH_UP_WAIT_MS = 5_000;
/** Families per page, from the read model or the log. */
const PAGE_SIZE = 500;

/**
 * Finds every token family ever issued to a subject or to a client, a page of ids at a time
 * (memory bounded by the page, not by the history), oldest first.
 *
 * From the `token_families` read model (indexed by subject and by client) once it has caught up
 * with the log as it is when the question is asked, so a family issued a moment before is never
 * missing. From the log itself (every `TokenIssued`: O(every issuance ever)) when the read model
 * cannot be complete: with `LEDGER_READ_MODEL_RETENTION_DAYS` set it drops ended families, and
 * both an audit and a client's deactivation must see every family; or when it is more than 5 s
 * behind.
 */
@Injectable()
export class FamiliesFinder {
  private readonly logger = new Logger('FamiliesFinder');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly readModels: ReadModelDatabase,
    private readonly projections: ProjectionRunner,
    private readonly subjectKeys: SubjectKeys,
  ) {}

  /** The owner's family ids, page by page (`now`: the instant the read model is queried at). */
  async *pages(owner: FamilyOwner, now: number): AsyncGenerator<string[]> {
    if (this.config.readModels.retentionDays === null && (await this.readModelCaughtUp())) yield* this.fromReadModel(owner, now);
    else yield* this.fromLog(owner);
  }

  /** All of the owner's family ids. */
  async all(owner: FamilyOwner, now: number): Promise<string[]> {
    const ids: string[] = [];
    for await (const page of this.pages(owner, now)) ids.push(...page);
    return ids;
  }

  private async readModelCaughtUp(): Promise<boolean> {
    try {
      await this.projections.waitUntilCaughtUp(CATCH_UP_WAIT_MS);
      return true;
    } catch (error) {
      if (!(error instanceof ProjectionWaitTimeoutError)) throw error;
      this.logger.warn({ msg: 'families read model behind the log; searching the log', waitedMs: CATCH_UP_WAIT_MS });
      return false;
    }
  }

  private *fromReadModel(owner: FamilyOwner, now: number): Generator<string[]> {
    // Filed under the subject's pseudonym (and, for older families, its marked plaintext).
    const filter = 'subject' in owner ? { subjectRefs: this.subjectKeys.refsOf(owner.subject) } : { clientId: owner.clientId };
    let after: FamilyCursor | undefined;
    do {
      const page = this.readModels.tokenFamilies.families({ ...filter, limit: PAGE_SIZE, now, ...(after ? { after } : {}) });
      if (page.families.length > 0) yield page.families.map((f) => f.familyId);
      after = page.next ?? undefined;
    } while (after);
  }

  private async *fromLog(owner: FamilyOwner): AsyncGenerator<string[]> {
    const subjectRef = 'subject' in owner ? this.subjectKeys.ref(owner.subject) : null;
    // An issuance names its subject by pseudonym (`personal`), or in plaintext if older.
    const owns =
      'subject' in owner
        ? (d: TokenIssuedData) => (storedPersonalOf(d)?.subjectRef ?? null) === subjectRef || d.subject === owner.subject
        : (d: TokenIssuedData) => d.clientId === owner.clientId;
    let from: GlobalPosition | 'start' = 'start';
    for (;;) {
      const page: RecordedEvent[] = await this.store.readAll({ fromPosition: from, maxCount: PAGE_SIZE, filter: { eventTypePrefixes: ['TokenIssued'] } });
      // `fromPosition` is inclusive, so every page after the first repeats the last event seen.
      const after: GlobalPosition | 'start' = from;
      const fresh: RecordedEvent[] = after === 'start' ? page : page.filter((e) => comparePositions(e.position, after) > 0);
      if (fresh.length === 0) return;
      const ids: string[] = [];
      for (const event of fresh) {
        if (event.type !== 'TokenIssued' || !event.streamName.startsWith(`${TOKEN_FAMILY_CATEGORY}-`)) continue;
        const data = event.data as TokenIssuedData;
        if (owns(data)) ids.push(data.familyId);
      }
      if (ids.length > 0) yield ids;
      from = fresh[fresh.length - 1].position;
    }
  }
}
