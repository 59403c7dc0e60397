import type { RecordedEvent as ClientRecordedEvent } from '@eventstore/db-client';

import { InvalidEventError } from './esdb-event-store.errors';
import {
  isSystemEvent,
  toClientExpectedRevision,
  toEventData,
  toRecordedEvent,
  toServerFilters,
} from './esdb-mapping';

const ID = '7d9f3c1e-2b4a-4c6d-8e0f-1a2b3c4d5e6f';

function clientEvent(overrides: Partial<ClientRecordedEvent> = {}): ClientRecordedEvent {
  return {
    streamId: 'tokenFamily-1',
    id: ID,
    isJson: true,
    revision: 3n,
    type: 'TokenIssued',
    created: new Date('2026-01-02T03:04:05.678Z'),
    data: { a: 1 },
    metadata: { actor: 'client:web' },
    position: { commit: 1200n, prepare: 1100n },
    ...overrides,
  } as ClientRecordedEvent;
}

describe('toClientExpectedRevision', () => {
  it('maps the port expectations to the client constants and revisions', () => {
    expect(['any', 'no_stream', 'stream_exists', 7n].map((e) => toClientExpectedRevision(e as never))).toEqual([
      'any',
      'no_stream',
      'stream_exists',
      7n,
    ]);
  });

  it('refuses a negative revision', () => {
    expect(() => toClientExpectedRevision(-1n)).toThrow(RangeError);
  });
});

describe('toEventData', () => {
  it('makes JSON events with the caller ids, lower-cased as the server returns them', () => {
    const [event] = toEventData('s-1', [
      { id: ID.toUpperCase(), type: 'TokenIssued', data: { a: 1 }, metadata: { actor: 'x' } },
    ]);

    expect(event).toEqual({
      id: ID,
      contentType: 'application/json',
      type: 'TokenIssued',
      data: { a: 1 },
      metadata: { actor: 'x' },
    });
  });

  it.each([
    ['an id that is not a UUID', { id: 'not-a-uuid', type: 'T', data: {}, metadata: {} }],
    ['no type', { id: ID, type: '', data: {}, metadata: {} }],
    ['data that JSON cannot hold', { id: ID, type: 'T', data: { n: 1n }, metadata: {} }],
    ['undefined data', { id: ID, type: 'T', data: undefined, metadata: {} }],
  ])('refuses %s before the client sees it', (_, event) => {
    expect(() => toEventData('s-1', [event])).toThrow(InvalidEventError);
    expect(() => toEventData('s-1', [event])).toThrow(expect.objectContaining({ code: 'invalid_event', streamName: 's-1' }));
  });
});

describe('toRecordedEvent', () => {
  it('maps the client event to the port shape', () => {
    expect(toRecordedEvent(clientEvent())).toEqual({
      id: ID,
      streamName: 'tokenFamily-1',
      revision: 3n,
      position: { commit: 1200n, prepare: 1100n },
      type: 'TokenIssued',
      data: { a: 1 },
      metadata: { actor: 'client:web' },
      recordedAt: new Date('2026-01-02T03:04:05.678Z'),
    });
  });

  it('reads metadata that was not written as JSON objects as empty', () => {
    expect(toRecordedEvent(clientEvent({ metadata: undefined })).metadata).toEqual({});
    expect(toRecordedEvent(clientEvent({ metadata: new Uint8Array([1, 2]) as never })).metadata).toEqual({});
  });

  it('decodes binary events that hold JSON', () => {
    const bytes = new Uint8Array(Buffer.from('{"b":2}'));
    expect(toRecordedEvent(clientEvent({ isJson: false, data: bytes } as never)).data).toEqual({ b: 2 });
  });

  it('fails clearly when the server sends no position (servers before 22.6)', () => {
    expect(() => toRecordedEvent(clientEvent({ position: undefined }))).toThrow(
      expect.objectContaining({ code: 'event_store_protocol', message: expect.stringContaining('22.6') }),
    );
  });
});

describe('isSystemEvent', () => {
  it('recognises the server streams and event types', () => {
    expect(isSystemEvent({ streamId: '$$tokenFamily-1', type: '$metadata' })).toBe(true);
    expect(isSystemEvent({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' })).toBe(true);
    // A tombstone is written into the deleted stream itself.
    expect(isSystemEvent({ streamId: 'tokenFamily-1', type: '$streamDeleted' })).toBe(true);
    expect(isSystemEvent({ streamId: 'tokenFamily-1', type: 'TokenIssued' })).toBe(false);
  });
});

describe('toServerFilters', () => {
  it('is unfiltered without prefixes, one filter per kind given', () => {
    expect(toServerFilters(undefined)).toBe('none');
    expect(toServerFilters({ streamNamePrefixes: [], eventTypePrefixes: [] })).toBe('none');
    expect(toServerFilters({ streamNamePrefixes: ['a-', 'b-'] })).toEqual([{ on: 'streamName', prefixes: ['a-', 'b-'] }]);
    expect(toServerFilters({ streamNamePrefixes: ['a-'], eventTypePrefixes: ['Token'] })).toEqual([
      { on: 'streamName', prefixes: ['a-'] },
      { on: 'eventType', prefixes: ['Token'] },
    ]);
  });
});
