/**
 * The decider type, declared once with the command loop that runs it (`libs/event-sourcing`).
 * Re-exported type-only, so domain code and `@ledger/domain` users name it from the domain, and
 * the domain stays free of runtime imports (dependency-cruiser `domain-is-pure`).
 */
export type { Decider } from '@ledger/event-sourcing';

/** A domain event as the domain sees it: a type and a readonly payload (no storage metadata). */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}
