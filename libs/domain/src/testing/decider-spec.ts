import type { Decider } from '../decider';

/**
 * What a spec expects from a decision: the exact events, or an error that `toThrow` accepts
 * (a class, a message, or `expect.objectContaining({ code, reason })`).
 */
export type Expected<Event> = readonly Event[] | { readonly error: unknown };

/** The `then` step: checks the decision against the expectation. */
export interface ThenStep<Event> {
  then(expected: Expected<Event>): void;
}

/** The `when` step: the command to decide on the state the given events produce. */
export interface WhenStep<Command, Event> {
  when(command: Command): ThenStep<Event>;
}

/**
 * Builds `given(events).when(command).then(events | { error })` for a decider, as in Emmett's
 * `DeciderSpecification`. Pure: it folds with `evolve`, decides once, and asserts with jest;
 * no store, no mocks.
 *
 * The step objects have a `then` method, so never `await` them (they would be thenables).
 */
export function deciderSpec<Command, Event, State>(
  decider: Decider<Command, Event, State>,
): (given: readonly Event[]) => WhenStep<Command, Event> {
  return (given) => ({
    when: (command) => ({
      then: (expected) => {
        const state = given.reduce((s, e) => decider.evolve(s, e), decider.initialState());
        const decideNow = () => decider.decide(command, state);
        if (isErrorExpectation(expected)) {
          expect(decideNow).toThrow(expected.error as never);
        } else {
          expect(decideNow()).toStrictEqual(expected);
        }
      },
    }),
  });
}

function isErrorExpectation<Event>(expected: Expected<Event>): expected is { readonly error: unknown } {
  return !Array.isArray(expected);
}
