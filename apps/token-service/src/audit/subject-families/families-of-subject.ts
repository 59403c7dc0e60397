import { Inject, Injectable, Logger } from '@nestjs/common';
import { TOKEN_FAMILY_CATEGORY, type TokenIssuedData } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { ReadModelDatabase, type FamilyCursor } from '@ledger/read-model-sqlite';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config/ledger-config';
import { ProjectionWaitTimeoutError } from '../../projections/projection-engine';
import { ProjectionRunner } from '../../projections/projection-runner';
import { readAllEvents } from '../shared/event-pages';

/** How long an audit query waits for the families read model to reach the log's head. */
const CATCH_UP_WAIT_MS = 5_000;
/** Families read from the read model per query. */
const PAGE_SIZE = 500;

/**
 * Finds every token family ever issued to a subject.
 *
 * From the projections' `token_families` read model (indexed by subject) once it has caught up
 * with the log as it is when the question is asked, so a family issued a moment ago is never
 * missing. From the log itself (every `TokenIssued`, a page at a time: O(every issuance ever))
 * when the read model cannot be complete: with `LEDGER_READ_MODEL_RETENTION_DAYS` set it drops
 * ended families, and an audit must list every family; or when it is more than 5 s behind.
 */
@Injectable()
export class FamiliesOfSubject {
  private readonly logger = new Logger('Audit');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly readModels: ReadModelDatabase,
    private readonly projections: ProjectionRunner,
  ) {}

  /** The family ids of `subject`, oldest first. */
  async find(subject: string, now: number): Promise<string[]> {
    if (this.config.readModels.retentionDays === null && (await this.readModelCaughtUp())) return this.fromReadModel(subject, now);
    return this.fromLog(subject);
  }

  private async readModelCaughtUp(): Promise<boolean> {
    try {
      await this.projections.waitUntilCaughtUp(CATCH_UP_WAIT_MS);
      return true;
    } catch (error) {
      if (!(error instanceof ProjectionWaitTimeoutError)) throw error;
      this.logger.warn({ msg: 'families read model behind the log; answering a subject query from the log', waitedMs: CATCH_UP_WAIT_MS });
      return false;
    }
  }

  private fromReadModel(subject: string, now: number): string[] {
    const ids: string[] = [];
    let after: FamilyCursor | undefined;
    do {
      const page = this.readModels.tokenFamilies.families({ subject, limit: PAGE_SIZE, now, ...(after ? { after } : {}) });
      for (const family of page.families) ids.push(family.familyId);
      after = page.next ?? undefined;
    } while (after);
    return ids;
  }

  private async fromLog(subject: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const event of readAllEvents(this.store, { filter: { eventTypePrefixes: ['TokenIssued'] } })) {
      if (event.type !== 'TokenIssued' || !event.streamName.startsWith(`${TOKEN_FAMILY_CATEGORY}-`)) continue;
      const data = event.data as TokenIssuedData;
      if (data.subject === subject) ids.push(data.familyId);
    }
    return ids;
  }
}
