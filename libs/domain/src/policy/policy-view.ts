import type {
  AccessPolicy,
  ConfigurationStatus,
  PolicyRule,
} from '../authorization-server/authorization-server.events';

/** A rule as the evaluator sees it: the Okta shape plus its creation order. */
export interface PolicyViewRule extends PolicyRule {
  /** Creation order within the server; breaks priority ties (older first). */
  readonly sequence: number;
}

/** A policy as the evaluator sees it: the Okta shape, its creation order and its rules. */
export interface PolicyViewPolicy extends AccessPolicy {
  /** Creation order within the server; breaks priority ties (older first). */
  readonly sequence: number;
  /** In any order: the evaluator sorts by (priority, sequence). */
  readonly rules: readonly PolicyViewRule[];
}

/**
 * Everything {@link evaluatePolicy} needs about one authorization server at one configuration
 * version. Built from the decider state by `toPolicyView`, or by hand for a what-if.
 */
export interface PolicyView {
  readonly authorizationServerId: string;
  readonly status: ConfigurationStatus;
  /** Revision of the `authorizationServer-<id>` stream this view was folded up to. */
  readonly configVersion: number;
  /** In any order: the evaluator sorts by (priority, sequence). */
  readonly policies: readonly PolicyViewPolicy[];
}
