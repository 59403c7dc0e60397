/**
 * A bounded refresh load over several replica processes, recording every answer, for the
 * failure suites: each chain is one token family continued by one client (every refresh token
 * presented once, the next request uses the token the answer returned), as many chains in flight
 * as there are, each request sent to the replica `route` picks (a load balancer's choice).
 *
 * A client that gets 503 `temporarily_unavailable` (or loses the answer to a dropped
 * connection) does what a client must: it presents the same refresh token again after
 * `Retry-After` (capped here to keep the suite short). With leeway (rotate30) that retry is
 * answered with the same successor if the first attempt was written after all.
 */
import { decodeJwt } from 'jose';
import type { RecordedEvent } from '@ledger/event-sourcing';
import type { ChildLedger } from '../support/child-ledger';
import { familyIdOf } from '../support/family-events';
import { basic } from '../support/http';
import type { TokenBody } from '../support/token-flows';

/** How long a client waits at most before retrying after a 503 (Retry-After is in whole seconds). */
const RETRY_PAUSE_CAP_MS = 200;
/** Longer than the store's retry budget: a refresh stalled by an election still answers. */
const REQUEST_TIMEOUT_MS = 20_000;

export type AnswerKind = 'ok' | 'unavailable' | 'invalid_grant' | 'connection_lost' | 'other';

/** One request and what came back. */
export interface Answer {
  readonly chain: number;
  readonly replica: number;
  readonly sentAt: number;
  readonly answeredAt: number;
  readonly kind: AnswerKind;
  readonly status: number | null;
  readonly error?: string;
  readonly retryAfter?: string | null;
  /** The answer's access-token `jti` (200 only): the refresh is acknowledged. */
  readonly jti?: string;
  /** What this chain's previous answer was, for judging an `invalid_grant`. */
  readonly previousKind: AnswerKind | null;
}

export interface Chain {
  readonly index: number;
  readonly familyId: string;
  refreshToken: string;
  /** Set once the chain stopped (an `invalid_grant` or an unexpected answer). */
  stoppedBy?: Answer;
}

export interface LoadOptions {
  readonly client: { id: string; secret: string };
  /** The issued families, one chain each. */
  readonly families: readonly TokenBody[];
  /** The replicas as they are now (a restarted one replaces its entry). */
  readonly replicas: () => readonly ChildLedger[];
  /** The replica index for a chain's `step`-th request, or undefined to pause the chain a moment. */
  readonly route: (chain: number, step: number) => number | undefined;
  /** Ends the load: checked before each request. */
  readonly done: (answers: readonly Answer[]) => boolean;
  /** A hard stop whatever `done` says. */
  readonly deadlineMs: number;
  /** Called with each answer as it comes (to act in the middle of the load). */
  readonly onAnswer?: (answer: Answer, answers: readonly Answer[]) => void;
}

export interface LoadResult {
  readonly chains: readonly Chain[];
  readonly answers: readonly Answer[];
}

/** Drives every chain until `done` (or the deadline); resolves with every answer. */
export async function runRefreshLoad(options: LoadOptions): Promise<LoadResult> {
  const chains: Chain[] = options.families.map((f, index) => ({ index, familyId: familyIdOf(f.refresh_token!), refreshToken: f.refresh_token! }));
  const answers: Answer[] = [];
  const deadline = Date.now() + options.deadlineMs;
  await Promise.all(
    chains.map(async (chain) => {
      let previousKind: AnswerKind | null = null;
      for (let step = 0; !chain.stoppedBy && Date.now() < deadline && !options.done(answers); step++) {
        const replica = options.route(chain.index, step);
        if (replica === undefined) {
          await pause(20);
          continue;
        }
        const answer = await refreshOnce(options, chain, replica, previousKind);
        answers.push(answer);
        options.onAnswer?.(answer, answers);
        previousKind = answer.kind;
        if (answer.kind === 'unavailable') {
          const seconds = Number(answer.retryAfter);
          await pause(Math.min(RETRY_PAUSE_CAP_MS, Number.isFinite(seconds) ? seconds * 1000 : RETRY_PAUSE_CAP_MS));
        } else if (answer.kind === 'connection_lost') {
          // A refused connection answers at once: back off as a client would.
          await pause(RETRY_PAUSE_CAP_MS);
        } else if (answer.kind !== 'ok') {
          chain.stoppedBy = answer;
        }
      }
    }),
  );
  return { chains, answers };
}

async function refreshOnce(options: LoadOptions, chain: Chain, replica: number, previousKind: AnswerKind | null): Promise<Answer> {
  const ledger = options.replicas()[replica];
  const sentAt = Date.now();
  const base = { chain: chain.index, replica, sentAt, previousKind };
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${ledger.baseUrl}/oauth2/default/v1/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        authorization: basic(options.client.id, options.client.secret),
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: chain.refreshToken }).toString(),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    return { ...base, answeredAt: Date.now(), kind: 'connection_lost', status: null, error: why };
  }
  const answeredAt = Date.now();
  let body: Partial<TokenBody> = {};
  try {
    body = JSON.parse(text) as Partial<TokenBody>;
  } catch {
    // kept as `other` below, with the text
  }
  if (response.status === 200 && body.refresh_token && body.access_token) {
    chain.refreshToken = body.refresh_token;
    return { ...base, answeredAt, kind: 'ok', status: 200, jti: decodeJwt(body.access_token).jti };
  }
  if (response.status === 503 && body.error === 'temporarily_unavailable') {
    return { ...base, answeredAt, kind: 'unavailable', status: 503, retryAfter: response.headers.get('retry-after') };
  }
  if (response.status === 400 && body.error === 'invalid_grant') {
    return { ...base, answeredAt, kind: 'invalid_grant', status: 400 };
  }
  return { ...base, answeredAt, kind: 'other', status: response.status, error: text.slice(0, 300) };
}

/**
 * The answers a client may see while the store fails over: 200; 503 `temporarily_unavailable`
 * with a `Retry-After`; an `invalid_grant` only right after a 503 or a lost answer (the
 * refresh was written after all and its successor is unknown to the client; the leeway covers
 * most of these, not a retry that lands after another rotation). Answers the ones that are not.
 */
export function unexplainedAnswers(answers: readonly Answer[], allowConnectionLoss: (answer: Answer) => boolean = () => false): Answer[] {
  return answers.filter((a) => {
    switch (a.kind) {
      case 'ok':
        return false;
      case 'unavailable':
        return !(a.retryAfter && /^\d+$/.test(a.retryAfter));
      case 'invalid_grant':
        return a.previousKind !== 'unavailable' && a.previousKind !== 'connection_lost';
      case 'connection_lost':
        return !allowConnectionLoss(a);
      default:
        return true;
    }
  });
}

/**
 * Acknowledged refreshes (200) whose access token no `TokenRefreshed` event of their family
 * records: refreshes the client was told happened that the log lost.
 */
export async function lostAcknowledgements(
  result: LoadResult,
  readStream: (streamName: string) => Promise<RecordedEvent[]>,
): Promise<Answer[]> {
  const recorded = new Set<string>();
  for (const chain of result.chains) {
    for (const event of await readStream(`tokenFamily-${chain.familyId}`)) {
      if (event.type === 'TokenRefreshed') recorded.add((event.data as { accessToken: { jti: string } }).accessToken.jti);
    }
  }
  return result.answers.filter((a) => a.kind === 'ok' && !recorded.has(a.jti!));
}

/** Counts of answers by replica and kind, for failure messages. */
export function tally(answers: readonly Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const key = `${a.replica}:${a.kind}${a.status && a.kind === 'other' ? `:${a.status}` : ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Retries `check` until it passes or `timeoutMs` has gone by (then its last failure is thrown). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await pause(50);
    }
  }
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
