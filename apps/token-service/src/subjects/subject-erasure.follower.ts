import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SubjectKeys } from '@ledger/audit';
import { SUBJECT_ERASURES_STREAM, type SubjectErasedData } from '@ledger/domain';
import { EVENT_STORE, type EventStore, type GlobalPosition, type Subscription } from '@ledger/event-sourcing';

/** Back-off between resubscriptions after the subscription failed: 100 ms doubling to 5 s. */
const RESUBSCRIBE_MIN_MS = 100;
const RESUBSCRIBE_MAX_MS = 5_000;

/**
 * Makes every replica forget an erased subject's data key: follows `subjectErasures` from the
 * head of the log at start (a key erased before then is gone from the store, so a cache that
 * starts empty never holds it) and drops the subject from {@link SubjectKeys} on each
 * `SubjectErased`. The replica that erases forgets at once; this covers the others.
 */
@Injectable()
export class SubjectErasureFollower implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SubjectErasure');
  private subscription: Subscription | null = null;
  private stopped = false;
  private position: GlobalPosition | 'start' = 'start';
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly keys: SubjectKeys,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const [head] = await this.store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });
    if (head) this.position = head.position;
    void this.follow();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.subscription?.unsubscribe();
  }

  private async follow(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        const subscription = this.store.subscribeToAll({ fromPosition: this.position, filter: { streamNamePrefixes: [SUBJECT_ERASURES_STREAM] } });
        this.subscription = subscription;
        for await (const event of subscription) {
          if (event.streamName === SUBJECT_ERASURES_STREAM && event.type === 'SubjectErased') {
            this.keys.forget((event.data as SubjectErasedData).subjectRef);
          }
          this.position = event.position;
          failures = 0;
        }
        if (this.stopped) return;
      } catch (error) {
        if (this.stopped) return;
        this.logger.warn({ msg: 'subject erasure subscription failed; resubscribing', error: error instanceof Error ? error.message : String(error) });
      }
      failures += 1;
      await new Promise<void>((resolve) => {
        this.timer = setTimeout(resolve, Math.min(RESUBSCRIBE_MAX_MS, RESUBSCRIBE_MIN_MS * 2 ** (failures - 1)));
        this.timer.unref();
      });
    }
  }
}
