/**
 * A decider: the whole behaviour of one aggregate as three pure functions.
 * `decide` never reads the clock or does I/O: time and token material arrive in the command.
 * `evolve` is total and never throws.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** A domain event as the domain sees it: a type and a readonly payload (no storage metadata). */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}
