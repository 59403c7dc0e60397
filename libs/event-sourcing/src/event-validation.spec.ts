import { checkEventToAppend, checkStreamName, eventJson } from './event-validation';

const ID = '0191a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b';

describe('checkStreamName', () => {
  it('accepts any non-empty name and refuses an empty one or a non-string', () => {
    expect(() => checkStreamName('tokenFamily-1')).not.toThrow();
    expect(() => checkStreamName('')).toThrow(new TypeError('stream name must be a non-empty string'));
    expect(() => checkStreamName(undefined as unknown as string)).toThrow(TypeError);
  });
});

describe('checkEventToAppend', () => {
  it('returns the id in lower case, as EventStoreDB returns ids', () => {
    expect(checkEventToAppend('s-1', { id: ID.toUpperCase(), type: 'T', data: {}, metadata: {} })).toBe(ID);
  });

  it.each([
    ['an id that is not a UUID', { id: 'not-a-uuid', type: 'T', data: {}, metadata: {} }, 'append to s-1: event id not-a-uuid is not a UUID'],
    ['an id that is not a string', { id: 7 as unknown as string, type: 'T', data: {}, metadata: {} }, 'append to s-1: event id 7 is not a UUID'],
    ['no type', { id: ID, type: '', data: {}, metadata: {} }, `append to s-1: event ${ID} has no type`],
  ])('refuses %s', (_, event, message) => {
    expect(() => checkEventToAppend('s-1', event)).toThrow(expect.objectContaining({ code: 'invalid_event', streamName: 's-1', message }));
  });
});

describe('eventJson', () => {
  it('is the JSON text of the value', () => {
    expect(eventJson('s-1', ID, 'data', { b: 1, a: [true, null] })).toBe('{"b":1,"a":[true,null]}');
  });

  it('refuses what JSON cannot hold, naming the problem and never the value', () => {
    const cyclic: Record<string, unknown> = { secret: 'hunter2' };
    cyclic.self = cyclic;

    expect(() => eventJson('s-1', ID, 'data', { n: 1n })).toThrow(expect.objectContaining({ code: 'invalid_event', streamName: 's-1' }));
    expect(() => eventJson('s-1', ID, 'metadata', cyclic)).toThrow(/metadata is not JSON-serialisable/);
    expect(() => eventJson('s-1', ID, 'metadata', cyclic)).not.toThrow(/hunter2/);
  });

  it('refuses a missing value', () => {
    expect(() => eventJson('s-1', ID, 'data', undefined)).toThrow(
      expect.objectContaining({ code: 'invalid_event', message: `append to s-1: event ${ID} has no data` }),
    );
  });
});
