import { familyStateReport, recordedEventJson, tokenWhyJson, type ChainVerificationJson, type LedgerVerificationJson, type TokenWhyJson } from '@ledger/audit';
import { whyToken, type TokenFamilyEvent } from '@ledger/domain';
import { FAMILY_ID, MINUTE, PROVENANCE, reuseRevoked, rotated, T0, tokenIssued, tokenRecord, tokenRevoked } from '@ledger/domain/token-family/token-family.fixtures';
import { eventHash, type RecordedEvent } from '@ledger/event-sourcing';
import { formatState } from './state.format';
import { ANSI_STYLE, PLAIN_STYLE, styleFor } from './style';
import { formatTimeline, type TimelineEntry } from './timeline.format';
import { formatVerification } from './verify.format';
import { formatWhy } from './why.format';

/** The family's events as the store would hold them: each links to the hash of the one before. */
function recorded(events: readonly TokenFamilyEvent[], actors: readonly string[]): RecordedEvent[] {
  const records: RecordedEvent[] = [];
  events.forEach((event, i) => {
    const previous = records[i - 1];
    records.push({
      streamName: `tokenFamily-${FAMILY_ID}`,
      revision: BigInt(i),
      position: { commit: BigInt(10 + i), prepare: BigInt(10 + i) },
      id: `00000000-0000-4000-8000-00000000000${i}`,
      type: event.type,
      data: event.data,
      metadata: { schemaVersion: 1, actor: actors[i], previousEventHash: previous ? eventHash(previous) : null },
      // The store's clock, a little after the decision's: the timeline shows the decision's.
      recordedAt: new Date(T0 + i * MINUTE + 5),
    });
  });
  return records;
}

const CLIENT = 'client:app_client';
/** Issued at T0, rotated a minute later, then the first token presented again: reuse. */
const REUSED = recorded([tokenIssued(), rotated(0, T0 + MINUTE), reuseRevoked(0, T0 + 2 * MINUTE)], ['admin:issuer', CLIENT, CLIENT]);
const entries = (records: readonly RecordedEvent[]): TimelineEntry[] => records.map((r) => ({ event: recordedEventJson(r), hash: eventHash(r) }));
const short = (record: RecordedEvent): string => `${eventHash(record).slice(0, 12)}…`;

describe('formatTimeline', () => {
  it('one block per event: decision time, revision, type, generation, actor, what happened, the deciding rule and the hash link', () => {
    expect(formatTimeline(FAMILY_ID, entries(REUSED), PLAIN_STYLE)).toBe(
      [
        `Token family ${FAMILY_ID}: 3 events, oldest first (UTC)`,
        `  2025-01-01T00:00:00Z  #0 TokenIssued  gen 0  by admin:issuer  issued ${FAMILY_ID}.0`,
        `      client app_client on default, subject 00u_alice, grant authorization_code, scopes openid profile offline_access`,
        `      decided by 00p_default/0pr_default on default (config v3): access 1 h, refresh 30 d, idle 7 d, ROTATE leeway 30 s`,
        `      hash ${short(REUSED[0])} <- prev -`,
        `  2025-01-01T00:01:00Z  #1 TokenRefreshed  gen 1  by ${CLIENT}  rotated ${FAMILY_ID}.0 -> ${FAMILY_ID}.1`,
        `      decided by 00p_default/0pr_default on default (config v3): access 1 h`,
        `      hash ${short(REUSED[1])} <- prev ${short(REUSED[0])}`,
        `! 2025-01-01T00:02:00Z  #2 TokenRevoked  gen 1  by ${CLIENT}  REUSE DETECTED: ${FAMILY_ID}.0 presented again, family revoked`,
        `      requested by system`,
        `      hash ${short(REUSED[2])} <- prev ${short(REUSED[1])}`,
        '',
      ].join('\n'),
    );
  });

  it('a revocation by request is marked too, with its reason and token', () => {
    const revoked = recorded([tokenIssued(), tokenRevoked(T0 + MINUTE, { tokenId: tokenRecord(0).id })], [CLIENT, CLIENT]);
    expect(formatTimeline(FAMILY_ID, entries(revoked), PLAIN_STYLE)).toContain(
      `\n! 2025-01-01T00:01:00Z  #1 TokenRevoked  gen 0  by ${CLIENT}  family revoked, reason client_request (token ${FAMILY_ID}.0)\n`,
    );
  });

  it('calls out a link that is not the previous event hash, and colours only with the colour style', () => {
    const edited = entries(REUSED).map((entry, i) => (i === 0 ? { ...entry, hash: 'f'.repeat(64) } : entry));
    const text = formatTimeline(FAMILY_ID, edited, PLAIN_STYLE);
    expect(text.split('\n').filter((line) => line.includes("! not the previous event's hash: run verify"))).toHaveLength(1);
    expect(text).not.toContain('\u001b[');
    const coloured = formatTimeline(FAMILY_ID, entries(REUSED), ANSI_STYLE);
    expect(coloured).toContain('\u001b[1;31m!\u001b[0m 2025-01-01T00:02:00Z');
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(formatTimeline(FAMILY_ID, entries(REUSED), PLAIN_STYLE));
  });

  it('does not flag the first event shown when earlier ones were removed (retention)', () => {
    expect(formatTimeline(FAMILY_ID, entries(REUSED).slice(1), PLAIN_STYLE)).not.toContain('run verify');
  });
});

describe('formatTimeline, the rarer events', () => {
  it('one event: singular count, no refresh token, no scopes, the subject as read through its key, no actor', () => {
    const records = recorded([tokenIssued({ refreshToken: undefined, scopes: [] })], [undefined as never]);
    const [entry] = entries(records);
    const erased = { ...entry, event: { ...entry.event, personal: { subjectRef: 'sub_1', subject: '[erased]', erased: true } } };
    expect(formatTimeline(FAMILY_ID, [erased], PLAIN_STYLE)).toBe(
      [
        `Token family ${FAMILY_ID}: 1 event, oldest first (UTC)`,
        '  2025-01-01T00:00:00Z  #0 TokenIssued  gen 0  by -  issued (no refresh token)',
        '      client app_client on default, subject [erased], grant authorization_code, scopes -',
        '      decided by 00p_default/0pr_default on default (config v3): access 1 h, refresh 30 d, idle 7 d, ROTATE leeway 30 s',
        `      hash ${short(records[0])} <- prev -`,
        '',
      ].join('\n'),
    );
  });

  it('a retry without rotation, an access token revoked alone, a reuse of an unnamed token and an event type it does not know', () => {
    const accessRevoked = {
      type: 'AccessTokenRevoked',
      // Only what the timeline reads: the revocation and the generation the family was at.
      data: { familyId: FAMILY_ID, jti: 'at_60000', exp: 0, reason: 'client_request', requestedBy: CLIENT, revokedAt: T0 + 2 * MINUTE, revokedAccessTokens: [], progress: { generation: 1 } },
    } as unknown as TokenFamilyEvent;
    const unknown = { type: 'SomethingNew', data: {} } as unknown as TokenFamilyEvent;
    const records = recorded(
      [
        tokenIssued(),
        rotated(0, T0 + MINUTE, { refreshToken: tokenRecord(0), leewayRetry: true }),
        accessRevoked,
        unknown,
        tokenRevoked(T0 + 4 * MINUTE, { tokenId: undefined, reason: 'reuse_detected', requestedBy: 'system' }),
      ],
      ['admin:issuer', CLIENT, CLIENT, CLIENT, CLIENT],
    );
    const lines = formatTimeline(FAMILY_ID, entries(records), PLAIN_STYLE).split('\n');
    expect(lines.slice(5)).toEqual([
      `  2025-01-01T00:01:00Z  #1 TokenRefreshed  gen 1  by ${CLIENT}  refreshed with ${FAMILY_ID}.0 (not rotated), a retry within the leeway`,
      '      decided by 00p_default/0pr_default on default (config v3): access 1 h',
      `      hash ${short(records[1])} <- prev ${short(records[0])}`,
      `! 2025-01-01T00:02:00Z  #2 AccessTokenRevoked  gen 1  by ${CLIENT}  access token at_60000 revoked, reason client_request (the family stays active)`,
      `      requested by ${CLIENT}`,
      `      hash ${short(records[2])} <- prev ${short(records[1])}`,
      // Not a decision it can read: the store's clock, no generation, nothing to say.
      `  2025-01-01T00:03:00.005Z  #3 SomethingNew  by ${CLIENT}`,
      `      hash ${short(records[3])} <- prev ${short(records[2])}`,
      `! 2025-01-01T00:04:00Z  #4 TokenRevoked  gen 1  by ${CLIENT}  REUSE DETECTED: a rotated-out token presented again, family revoked`,
      '      requested by system',
      `      hash ${short(records[4])} <- prev ${short(records[3])}`,
      '',
    ]);
  });

  it('flags the first event of a family when it links to anything, and shows a link that is not a hash as none', () => {
    const [first, second] = entries(REUSED);
    const linked = { ...first, event: { ...first.event, metadata: { actor: 'admin:issuer', previousEventHash: 'ab'.repeat(32) } } };
    expect(formatTimeline(FAMILY_ID, [linked], PLAIN_STYLE)).toContain(
      `      hash ${short(REUSED[0])} <- prev abababababab…  ! not the previous event's hash: run verify\n`,
    );
    const notAString = { ...second, event: { ...second.event, metadata: { actor: CLIENT, previousEventHash: 42 } } };
    expect(formatTimeline(FAMILY_ID, [first, notAString], PLAIN_STYLE)).toContain(
      `      hash ${short(REUSED[1])} <- prev -  ! not the previous event's hash: run verify\n`,
    );
  });
});

describe('formatState', () => {
  it('revoked by reuse: the status marked, why, the revocation, the tokens and the deciding configuration', () => {
    const text = formatState(familyStateReport(FAMILY_ID, REUSED, T0 + 3 * MINUTE), PLAIN_STYLE);
    expect(text).toBe(
      [
        `Token family ${FAMILY_ID} at 2025-01-01T00:03:00Z: ! REVOKED`,
        '  why               the family is revoked: every token of it is refused (family_revoked)',
        `  revoked           2025-01-01T00:02:00Z by system, reason REUSE DETECTED (token ${FAMILY_ID}.0)`,
        '  client            app_client on default, grant authorization_code',
        '  subject           00u_alice',
        '  scopes            openid profile offline_access',
        '  issued            2025-01-01T00:00:00Z, rotation ROTATE leeway 30 s',
        '  generation        1',
        `  refresh token     ${FAMILY_ID}.1, expires 2025-01-08T00:01:00Z (idle 2025-01-08T00:01:00Z, absolute 2025-01-31T00:00:00Z)`,
        '  refresh lifetime  30 d, idle 7 d, decided by 00p_default/0pr_default on default (config v3) at 2025-01-01T00:00:00Z',
        '  access token      at_60000, inactive, issued 2025-01-01T00:01:00Z, expires 2025-01-01T01:01:00Z, lifetime 1 h decided by 00p_default/0pr_default on default (config v3)',
        '  events            3 folded, the last #2 TokenRevoked at 2025-01-01T00:02:00Z; 0 after this instant',
        '',
      ].join('\n'),
    );
  });

  it('active in between: no mark, the leeway retry while it lasts, and the events not yet folded', () => {
    const text = formatState(familyStateReport(FAMILY_ID, REUSED, T0 + MINUTE + 10_000), PLAIN_STYLE);
    expect(text.split('\n')[0]).toBe(`Token family ${FAMILY_ID} at 2025-01-01T00:01:10Z: ACTIVE`);
    expect(text).toContain('  why               the current refresh token would be accepted\n');
    expect(text).toContain(`  leeway retry      ${FAMILY_ID}.0 until 2025-01-01T00:01:30Z\n`);
    expect(text).toContain('; 1 after this instant\n');
    expect(text).not.toContain('revoked ');
  });
});

describe('formatWhy', () => {
  const events = REUSED.map((r) => ({ type: r.type, data: r.data }) as TokenFamilyEvent);

  it('the replayed token: inactive and marked, the reason in words with its code, the revocation', () => {
    const answer = tokenWhyJson(whyToken(events, { kind: 'token_id', id: `${FAMILY_ID}.0` }, T0 + 3 * MINUTE), T0 + 3 * MINUTE);
    const text = formatWhy(answer, PLAIN_STYLE);
    expect(text).toBe(
      [
        `Refresh token ${FAMILY_ID}.0: ! INACTIVE at 2025-01-01T00:03:00Z`,
        '  why          this refresh token was presented again after rotation, outside the leeway: reuse, the family was revoked (reused_outside_leeway)',
        `  revoked      2025-01-01T00:02:00Z by system, reason REUSE DETECTED (token ${FAMILY_ID}.0)`,
        `  family       ${FAMILY_ID}`,
        '  client       app_client on default',
        '  subject      00u_alice',
        '  minted       2025-01-01T00:00:00Z',
        '  rotated out  2025-01-01T00:01:00Z',
        '  decided by   00p_default/0pr_default on default (config v3) at 2025-01-01T00:00:00Z: refresh 30 d, idle 7 d, ROTATE leeway 30 s',
        '',
      ].join('\n'),
    );
  });

  it('an active access token, and an unknown one', () => {
    const active = recorded([tokenIssued()], [CLIENT]).map((r) => ({ type: r.type, data: r.data }) as TokenFamilyEvent);
    const answer = tokenWhyJson(whyToken(active, { kind: 'access_token', jti: 'at_0' }, T0 + MINUTE), T0 + MINUTE);
    expect(formatWhy(answer, PLAIN_STYLE)).toBe(
      [
        'Access token at_0: ACTIVE at 2025-01-01T00:01:00Z',
        '  why         it would be accepted now',
        `  family      ${FAMILY_ID}`,
        '  client      app_client on default',
        '  subject     00u_alice',
        '  minted      2025-01-01T00:00:00Z',
        '  expires     2025-01-01T01:00:00Z',
        '  decided by  00p_default/0pr_default on default (config v3) at 2025-01-01T00:00:00Z: access 1 h',
        '',
      ].join('\n'),
    );
    const unknown = tokenWhyJson(whyToken([], { kind: 'token_id', id: 'nope.0' }, T0), T0);
    expect(formatWhy(unknown, PLAIN_STYLE)).toBe('Token: INACTIVE at 2025-01-01T00:00:00Z\n  why  no token of this ledger (or of no family it holds) (unknown_token)\n');
  });
});

describe('formatWhy, the rarer answers', () => {
  const answer: TokenWhyJson = {
    active: true,
    reason: null,
    evaluatedAt: '2025-01-01T00:01:10.000Z',
    tokenType: 'refresh_token',
    tokenId: `${FAMILY_ID}.0`,
    familyId: FAMILY_ID,
    authorizationServerId: null,
    clientId: 'app_client',
    subject: null,
    mintedAt: null,
    expiresAt: '2025-01-08T00:00:00.000Z',
    rotatedOutAt: '2025-01-01T00:01:00.000Z',
    leewayRetryUntil: '2025-01-01T00:01:30.000Z',
    revocation: null,
    decidedBy: { refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 90, provenance: PROVENANCE, decidedAt: '2025-01-01T00:00:00.000Z' },
  };

  it('a rotated-out token inside its leeway: active, the leeway retry, unlimited and minute lifetimes, no server', () => {
    expect(formatWhy(answer, PLAIN_STYLE)).toBe(
      [
        `Refresh token ${FAMILY_ID}.0: ACTIVE at 2025-01-01T00:01:10Z`,
        '  why           it would be accepted now',
        `  family        ${FAMILY_ID}`,
        '  client        app_client on -',
        '  expires       2025-01-08T00:00:00Z',
        '  rotated out   2025-01-01T00:01:00Z',
        '  leeway retry  until 2025-01-01T00:01:30Z',
        '  decided by    00p_default/0pr_default on default (config v3) at 2025-01-01T00:00:00Z: refresh unlimited, idle 90 min',
        '',
      ].join('\n'),
    );
  });

  it('inactive without a revocation: a warning, not an alert; a reason it has no words for, or none, as is', () => {
    const bare: TokenWhyJson = { ...answer, tokenType: null, tokenId: null, familyId: null, clientId: null, expiresAt: null, rotatedOutAt: null, leewayRetryUntil: null };
    const inactive = (reason: string | null): TokenWhyJson => ({ ...bare, active: false, reason: reason as TokenWhyJson['reason'], decidedBy: { provenance: PROVENANCE, decidedAt: answer.evaluatedAt } });
    expect(formatWhy(inactive('something_new'), ANSI_STYLE).split('\n')[0]).toBe('\u001b[1mToken\u001b[0m: \u001b[33mINACTIVE\u001b[0m at 2025-01-01T00:01:10Z');
    expect(formatWhy(inactive('something_new'), PLAIN_STYLE)).toBe(
      'Token: INACTIVE at 2025-01-01T00:01:10Z\n  why         something_new\n  decided by  00p_default/0pr_default on default (config v3) at 2025-01-01T00:01:10Z: -\n',
    );
    expect(formatWhy(inactive(null), PLAIN_STYLE)).toContain('\n  why         -\n');
    expect(formatWhy(inactive('idle_expired'), PLAIN_STYLE)).toContain('\n  why         the refresh token was not used within its idle window (idle_expired)\n');
  });
});

describe('formatVerification', () => {
  const HASH = 'ab'.repeat(32);
  const intact: LedgerVerificationJson = {
    ok: true,
    stream: null,
    streamsChecked: 4,
    eventsChecked: 12,
    head: { streamName: 'ledgerSeals', revision: '1', hash: HASH },
    seals: { ok: true, checked: 2, latest: { revision: '1', treeSize: 11, rootHash: HASH, lastPosition: null, sealedAt: T0, keyId: 'sk-1', sealHash: HASH } },
    gaps: { checked: true, ok: true, missing: 0, ranges: [] },
    unsealed: { leaves: 0, fromPosition: null, toPosition: null },
    tree: { size: 11, rootHash: HASH },
    removed: { recorded: 0, streams: 0, stillStored: 0, invalid: 0 },
  };

  it('the whole ledger intact: OK, counts, head, seals, gaps, tree', () => {
    expect(formatVerification(intact, PLAIN_STYLE)).toBe(
      [
        'The ledger: OK',
        '  chains       4 streams, 12 events checked',
        '  head         ledgerSeals #1 abababababab…',
        '  removed      0 events recorded as removed in 0 streams (0 still stored), 0 invalid entries',
        '  seals        OK, 2 checked',
        '  latest seal  #1 at 2025-01-01T00:00:00Z: 11 leaves, root abababababab…, key sk-1',
        '  unsealed     nothing: the latest seal covers the whole log',
        '  gaps         none',
        '  tree         11 leaves, root abababababab…',
        '',
      ].join('\n'),
    );
  });

  it('broken: marked, with the first break of the chains, the seal break and the gaps in detail', () => {
    const broken: LedgerVerificationJson = {
      ...intact,
      ok: false,
      firstBreak: { streamName: `tokenFamily-${FAMILY_ID}`, revision: '0', kind: 'edited', expected: HASH, actual: 'cd'.repeat(32) },
      seals: { ...intact.seals, ok: false, firstBreak: { revision: '1', treeSize: 11, kind: 'root', expected: HASH, actual: 'cd'.repeat(32) } },
      gaps: { checked: true, ok: false, missing: 3, ranges: [{ from: '5', to: '7' }] },
    };
    const text = formatVerification(broken, PLAIN_STYLE);
    expect(text.split('\n')[0]).toBe('The ledger: ! BROKEN');
    expect(text).toContain(`  first break  ! tokenFamily-${FAMILY_ID} #0: edited (expected abababababab…, found cdcdcdcdcdcd…)\n`);
    expect(text).toContain('  seal break   ! seal #1 (11 leaves): root (expected abababababab…, found cdcdcdcdcdcd…)\n');
    expect(text).toContain('  gaps         ! 3 positions missing, no removal record lists them: 5-7\n');
  });

  it('one stream: its chain only', () => {
    const stream: ChainVerificationJson = { ok: true, stream: 'tokenFamily-x', streamsChecked: 1, eventsChecked: 3, head: { streamName: 'tokenFamily-x', revision: '2', hash: HASH } };
    expect(formatVerification(stream, PLAIN_STYLE)).toBe('Stream tokenFamily-x: OK\n  chains  1 stream, 3 events checked\n  head    tokenFamily-x #2 abababababab…\n');
  });
});

describe('styleFor', () => {
  it('colours a terminal only, and never with NO_COLOR set', () => {
    expect(styleFor(true, {})).toBe(ANSI_STYLE);
    expect(styleFor(false, {})).toBe(PLAIN_STYLE);
    expect(styleFor(true, { NO_COLOR: '1' })).toBe(PLAIN_STYLE);
    // https://no-color.org: an empty NO_COLOR does not count.
    expect(styleFor(true, { NO_COLOR: '' })).toBe(ANSI_STYLE);
  });
});
