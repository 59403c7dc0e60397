export { EsdbEventStore, type EsdbEventStoreOptions } from './esdb-event-store';
export { describeHosts, redactConnectionString } from './esdb-client';
export {
  EventStoreAccessDeniedError,
  EventStoreProtocolError,
  InvalidConnectionStringError,
  InvalidEventError,
  MaximumAppendSizeExceededError,
  StreamDeletedError,
} from './esdb-event-store.errors';
export { backoffDelay, type ResubscribeOptions, type SubscriptionDrop } from './resilient-subscription';
