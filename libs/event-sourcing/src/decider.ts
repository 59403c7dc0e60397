/**
 * A decider: the whole behaviour of one aggregate as three pure functions.
 * `decide` never reads the clock or does I/O: time and token material arrive in the command.
 * `evolve` is total and never throws.
 *
 * Declared here, where the command loop runs it; the domain re-exports it (type-only), so its
 * deciders and `@ledger/domain` users name it from there.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}
