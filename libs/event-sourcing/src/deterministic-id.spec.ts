import { deterministicUuid, uuidv7 } from './deterministic-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('is a version 7 UUID whose first 48 bits are the Unix milliseconds, so ids sort by time', () => {
    const id = uuidv7(0x0191_2345_6789);
    expect(id).toMatch(/^01912345-6789-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000].map((t) => uuidv7(t));
    expect([...ids].sort()).toEqual(ids);
    expect(uuidv7(5)).not.toBe(uuidv7(5));
  });
});

describe('deterministicUuid', () => {
  it('is the same for the same name, different for another, and a version 8 UUID', () => {
    expect(deterministicUuid('a|s|0|0')).toBe(deterministicUuid('a|s|0|0'));
    expect(deterministicUuid('a|s|0|0')).not.toBe(deterministicUuid('a|s|0|1'));
    expect(deterministicUuid('a|s|0|0')).toMatch(UUID);
    expect(deterministicUuid('a|s|0|0')[14]).toBe('8');
  });

  it('leads with the timestamp of a UUIDv7 it is given (time-ordered event ids), and only of one', () => {
    const command = uuidv7(0x0191_2345_6789);
    const first = deterministicUuid(`${command}|s|0|0`, command);
    const second = deterministicUuid(`${command}|s|0|1`, command);
    expect(first.slice(0, 13)).toBe('01912345-6789');
    expect(second.slice(0, 13)).toBe('01912345-6789');
    expect(first).not.toBe(second);
    expect(first).toMatch(UUID);
    expect(first[14]).toBe('8');
    expect(deterministicUuid(`${command}|s|0|0`, command)).toBe(first);
    const later = uuidv7(0x0191_2345_678a);
    expect(deterministicUuid(`${later}|s|0|0`, later) > first).toBe(true);
    // Not a v7 (a v4, a free-form command id): fully derived from the name, as before.
    const v4 = '3f1c8a34-58f6-4a3c-9a55-2b1c2d3e4f50';
    expect(deterministicUuid(`${v4}|s|0|0`, v4)).toBe(deterministicUuid(`${v4}|s|0|0`));
    expect(deterministicUuid('bootstrap:x|s|0|0', 'bootstrap:x')).toBe(deterministicUuid('bootstrap:x|s|0|0'));
  });
});
