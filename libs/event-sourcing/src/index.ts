export * from './event-store.port';
export * from './errors';
export * from './global-position';
export * from './canonical-json';
export * from './event-hash';
export * from './deterministic-id';
export * from './keyed-mutex';
export * from './command-loop';
