import { describeEventStoreContract } from './event-store-contract';
import { InMemoryEventStore } from './in-memory-event-store';

// The reference: every case of the suite, none declared away (nothing in it needs a file or
// durability), and the optional `streamRevision`.
describeEventStoreContract('in memory (the reference)', async () => ({ store: new InMemoryEventStore() }), {
  streamRevision: true,
  removeStreams: 'delete',
});
