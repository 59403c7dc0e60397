/**
 * Counters of how the clients used the log, for checks such as "a restarted replica did not
 * scan `$all` from the start" or "this read was answered by a follower".
 */

/** A snapshot of {@link EmulatorStats}. */
export interface EmulatorStatsSnapshot {
  /**
   * Forward reads and subscriptions of `$all` whose first record considered was the first
   * record of the log (from `START`, or from a position at or before it).
   */
  readonly allReadsFromStart: number;
  /** Of {@link allReadsFromStart}: the subscriptions. */
  readonly allSubscriptionsFromStart: number;
  /**
   * Records of `$all` the server went through: every record sent by a read, and every record
   * a subscription considered (sent, or skipped by its filter).
   */
  readonly allRecordsRead: number;
  /** Reads and subscriptions answered by a follower (without `requires-leader`). */
  readonly followerReads: number;
  /** Writes a follower accepted and forwarded to the leader. */
  readonly forwardedWrites: number;
  /** Calls refused with NotLeader because they carried `requires-leader: true`. */
  readonly notLeaderAnswers: number;
  /** Calls refused because the cluster had no leader (an election under way, no quorum). */
  readonly notReadyAnswers: number;
}

export class EmulatorStats {
  allReadsFromStart = 0;
  allSubscriptionsFromStart = 0;
  allRecordsRead = 0;
  followerReads = 0;
  forwardedWrites = 0;
  notLeaderAnswers = 0;
  notReadyAnswers = 0;

  snapshot(): EmulatorStatsSnapshot {
    return {
      allReadsFromStart: this.allReadsFromStart,
      allSubscriptionsFromStart: this.allSubscriptionsFromStart,
      allRecordsRead: this.allRecordsRead,
      followerReads: this.followerReads,
      forwardedWrites: this.forwardedWrites,
      notLeaderAnswers: this.notLeaderAnswers,
      notReadyAnswers: this.notReadyAnswers,
    };
  }
}
