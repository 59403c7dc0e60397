import type { RecordedEvent } from '@ledger/event-sourcing';
import { planUsedOnce, USED_ONCE_EXPIRY_DISORDER_MS, usedOnceExpiry } from './used-once-streams';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7);
const RETENTION = 7 * DAY;
const DPOP_MAX_AGE = 65_000;

let position = 0n;
function record(type: 'ClientAssertionAccepted' | 'DpopProofAccepted' | 'Other', expiryMs: number, streamName = `s-${position + 1n}`): RecordedEvent {
  position += 1n;
  const data = type === 'ClientAssertionAccepted' ? { clientId: 'c', jti: 'j', exp: expiryMs / 1000 } : { clientId: 'c', jkt: 'k', jti: 'j', iat: (expiryMs - DPOP_MAX_AGE) / 1000 };
  return { id: `e${position}`, streamName, revision: 0n, position: { commit: position, prepare: position }, type, data, metadata: {}, recordedAt: new Date(0) };
}

describe('usedOnceExpiry', () => {
  it("is an assertion's exp, a DPoP proof's iat plus the maximum age, and nothing for other events", () => {
    expect(usedOnceExpiry({ type: 'ClientAssertionAccepted', data: { exp: 100 } }, DPOP_MAX_AGE)).toBe(100_000);
    expect(usedOnceExpiry({ type: 'DpopProofAccepted', data: { iat: 100 } }, DPOP_MAX_AGE)).toBe(100_000 + DPOP_MAX_AGE);
    expect(usedOnceExpiry({ type: 'DpopProofAccepted', data: { iat: 'soon' } }, DPOP_MAX_AGE)).toBeUndefined();
    expect(usedOnceExpiry({ type: 'Other', data: {} }, DPOP_MAX_AGE)).toBeUndefined();
  });
});

describe('planUsedOnce', () => {
  const longAgo = NOW - RETENTION - DAY;

  it('removes what expired more than the retention ago and advances past it', () => {
    const page = [record('ClientAssertionAccepted', longAgo), record('DpopProofAccepted', longAgo + 1000), record('Other', 0)];

    expect(planUsedOnce(page, NOW, RETENTION, DPOP_MAX_AGE)).toEqual({
      due: [page[0].streamName, page[1].streamName],
      handledUpTo: page[2].position,
      done: false,
    });
  });

  it('keeps the cursor before the first record not due yet, still removing due ones within the disorder window after it', () => {
    const notYet = record('ClientAssertionAccepted', NOW - RETENTION + 60_000);
    const dueAfter = record('DpopProofAccepted', NOW - RETENTION - 60_000);
    const page = [record('ClientAssertionAccepted', longAgo), notYet, dueAfter];

    expect(planUsedOnce(page, NOW, RETENTION, DPOP_MAX_AGE)).toEqual({ due: [page[0].streamName, dueAfter.streamName], handledUpTo: page[0].position, done: false });
  });

  it('stops reading once a record is further from due than the log can be out of order', () => {
    const recent = record('ClientAssertionAccepted', NOW - RETENTION + USED_ONCE_EXPIRY_DISORDER_MS + 1);
    const page = [recent, record('ClientAssertionAccepted', longAgo)];

    expect(planUsedOnce(page, NOW, RETENTION, DPOP_MAX_AGE)).toEqual({ due: [], handledUpTo: undefined, done: true });
  });
});
