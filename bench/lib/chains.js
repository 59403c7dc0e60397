'use strict';
/**
 * Bookkeeping for refresh chains under autocannon.
 *
 * Each family is a chain: every refresh answers a new refresh token, which is the only token
 * the next refresh of that chain may present. Each token must be presented exactly once.
 *
 * Why not keep the chain in autocannon's per-connection `context`: autocannon resets `context`
 * to `initialContext` every time a connection wraps around its `requests` list, and with a
 * single-request list that is after *every* response. The context does survive from
 * `setupRequest` to that request's `onResponse`, which is all we use it for: it carries the
 * chain from the request to its answer. The chains themselves live here, in a free list.
 *
 * The free list is a stack. autocannon calls `onResponse` (which pushes the chain back) and,
 * synchronously in the same call, `setupRequest` for that connection's next request (which pops
 * it), so a connection always gets its own chain back: each connection continues its own chain.
 * `handoffs` counts any pop that did not return the chain just released (expected: 0).
 */
class ChainBook {
  /** @param {{ refreshToken: string, accessToken: string, sub: string }[]} families */
  constructor(families) {
    this.chains = families.map((f, id) => ({
      id,
      sub: f.sub,
      refreshToken: f.refreshToken,
      accessToken: f.accessToken,
      refreshes: 0,
      /** The token of the request in flight, or null. */
      inFlight: null,
      /** Set when a refresh was refused: `{ status, body }`. */
      broken: null,
    }));
    this.free = [...this.chains].reverse();
    /**
     * Highest refresh-token sequence presented, by family id (tokens are
     * `tlr1.<familyId>.<sequence>.…` and rotation raises the sequence by one per refresh, so a
     * token presented twice shows as a sequence not above the last). A set of every token sent
     * would hold millions of strings over a long run (the soak scenario) and its garbage
     * collection would take CPU from the service on the shared cores.
     */
    this.sentSequences = new Map();
    this.sentOpaque = new Set();
    this.lastReleased = null;
    this.resetCounters();
  }

  resetCounters() {
    this.counters = { chainBreaks: 0, reusedTokens: 0, handoffs: 0, noFreeChain: 0, malformedAnswers: 0 };
  }

  /** Takes a chain for the next request and marks its token as sent (or null if none is free). */
  claim() {
    const chain = this.free.pop() ?? null;
    if (chain === null) {
      this.counters.noFreeChain++;
    } else {
      if (this.lastReleased !== null && this.lastReleased !== chain) this.counters.handoffs++;
      this.send(chain);
    }
    this.lastReleased = null;
    return chain;
  }

  /** Records that `chain.refreshToken` is being presented now. */
  send(chain) {
    const token = chain.refreshToken;
    if (token.startsWith('tlr1.')) {
      const [, familyId, sequenceText] = token.split('.');
      const sequence = Number(sequenceText);
      const last = this.sentSequences.get(familyId);
      if (last !== undefined && !(sequence > last)) this.counters.reusedTokens++;
      this.sentSequences.set(familyId, Number.isFinite(sequence) ? sequence : last ?? -1);
    } else {
      // Another server's opaque tokens (the peer's) carry no sequence: remember each one sent
      // (those runs last seconds, not the soak's minutes).
      if (this.sentOpaque.has(token)) this.counters.reusedTokens++;
      this.sentOpaque.add(token);
    }
    chain.inFlight = token;
  }

  /**
   * Applies a refresh answer to its chain. A 200 with a new refresh token advances the chain
   * and frees it; anything else breaks it (retired: its token's fate is unknown).
   */
  answer(chain, status, body) {
    chain.inFlight = null;
    let parsed = null;
    if (status === 200) {
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = null;
      }
    }
    if (parsed && typeof parsed.refresh_token === 'string' && typeof parsed.access_token === 'string') {
      chain.refreshToken = parsed.refresh_token;
      chain.accessToken = parsed.access_token;
      chain.refreshes++;
      this.free.push(chain);
      this.lastReleased = chain;
      return true;
    }
    if (status === 200) this.counters.malformedAnswers++;
    this.counters.chainBreaks++;
    chain.broken = chain.broken ?? { status, body: String(body).slice(0, 300) };
    return false;
  }

  /** Chains whose request never got an answer (a timeout or a dropped connection). */
  lost() {
    return this.chains.filter((c) => c.inFlight !== null);
  }

  usable() {
    return this.chains.filter((c) => c.inFlight === null && c.broken === null);
  }

  /**
   * Presents every chain's newest refresh token once more, through `present(token)` (one
   * transport's refresh, resolving to `{ status, body }`); every one must succeed. A chain whose
   * last answer was lost or refused still holds the last token it was given.
   */
  async sanityCheck(present) {
    const failures = [];
    let ok = 0;
    for (const chain of this.chains) {
      const token = chain.refreshToken;
      this.send(chain);
      const { status, body } = await present(token);
      if (this.answer(chain, status, body)) ok++;
      else failures.push({ chain: chain.id, status, body: body.slice(0, 200) });
    }
    return { chains: this.chains.length, ok, failed: failures.length, failures: failures.slice(0, 5) };
  }

  /**
   * Chain counters of one run; `before` is the per-chain refresh count when it started. Taken
   * while the load goes on (`midRun`, the end of a warm-up), requests in flight are not lost.
   */
  figures(before, { midRun = false } = {}) {
    const perChain = this.chains.map((c, i) => c.refreshes - before[i]);
    return {
      ...this.counters,
      lostResponses: midRun ? 0 : this.lost().length,
      brokenChains: this.chains.filter((c) => c.broken).length,
      refreshesPerChain: { min: Math.min(...perChain), max: Math.max(...perChain) },
    };
  }
}

module.exports = { ChainBook };
