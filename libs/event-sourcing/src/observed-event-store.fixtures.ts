import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from './event-store.port';

/*
 * A test double of the event-store port for the command loop's specs. Test-only: imported by
 * `*.spec.ts` files, never by the library's index. It forwards to a store that implements the
 * port (the in-memory reference of `@ledger/testing`), so appends keep the store's own
 * expected-revision check, and lets a spec see what the loop asked of the store (reads,
 * appends, revision look-ups) and script what happens just before an append (another writer
 * winning the revision, a failing store).
 */

/** One `readStream` call: its options and the revisions of the events it returned. */
export interface ObservedRead {
  readonly streamName: string;
  readonly options: ReadStreamOptions | undefined;
  readonly revisions: bigint[];
}

/** One `append` call, whether or not it succeeded. */
export interface ObservedAppend {
  readonly streamName: string;
  readonly events: readonly EventToAppend[];
  readonly expectedRevision: ExpectedRevision;
}

/** Runs before an append reaches the real store; may append elsewhere first, or throw. */
export type BeforeAppend = (streamName: string) => Promise<void>;

export class ObservedEventStore implements EventStore {
  readonly reads: ObservedRead[] = [];
  readonly appends: ObservedAppend[] = [];
  /** How many times `streamRevision` was asked. */
  revisionLookups = 0;
  /** Present only when the double was built with it, as on the embedded store (EventStoreDB has none). */
  readonly streamRevision?: (streamName: string) => Promise<bigint | 'no_stream'>;
  private readonly script: BeforeAppend[] = [];

  constructor(
    private readonly inner: EventStore,
    options: { readonly streamRevision: boolean } = { streamRevision: true },
  ) {
    const lookUp = inner.streamRevision?.bind(inner);
    if (options.streamRevision && lookUp) {
      this.streamRevision = (streamName) => {
        this.revisionLookups += 1;
        return lookUp(streamName);
      };
    }
  }

  /** The next `times` appends each run `before` first (later calls queue behind earlier ones). */
  beforeNextAppends(times: number, before: BeforeAppend): this {
    for (let i = 0; i < times; i++) this.script.push(before);
    return this;
  }

  async append(streamName: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    this.appends.push({ streamName, events, expectedRevision: options.expectedRevision });
    await this.script.shift()?.(streamName);
    return this.inner.append(streamName, events, options);
  }

  async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    checkReadOptions(options);
    const events = await this.inner.readStream(streamName, options);
    this.reads.push({ streamName, options, revisions: events.map((e) => e.revision) });
    return events;
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }

  /** The inner store belongs to the spec, which closes it. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Refuses read options outside the port's types, as the compiler would: an adapter is free to
 * read an unknown direction either way (the embedded store reads `''` backwards, EventStoreDB's
 * client forwards), so a caller that passes one has a bug whichever store it runs on.
 */
function checkReadOptions(options: ReadStreamOptions | undefined): void {
  if (options === undefined) return;
  const { direction, fromRevision, maxCount } = options;
  if (direction !== undefined && direction !== 'forwards' && direction !== 'backwards') {
    throw new TypeError(`readStream: direction ${JSON.stringify(direction)} is not 'forwards' or 'backwards'`);
  }
  if (fromRevision !== undefined && fromRevision !== 'start' && fromRevision !== 'end' && typeof fromRevision !== 'bigint') {
    throw new TypeError(`readStream: fromRevision ${JSON.stringify(fromRevision)} is not 'start', 'end' or a revision`);
  }
  if (maxCount !== undefined && !(Number.isInteger(maxCount) && maxCount >= 0)) {
    throw new TypeError(`readStream: maxCount ${String(maxCount)} is not a count`);
  }
}
