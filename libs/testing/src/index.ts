export * from './event-store-contract';
export * from './take-events.helper';
export * from './thread-nice';
export * from './collectable';
export * from './in-memory-event-store';
export * from './run-typescript';
