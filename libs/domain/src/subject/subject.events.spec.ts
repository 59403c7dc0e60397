import {
  parseSubjectKeyStreamName,
  SUBJECT_ERASURES_STREAM,
  SUBJECT_KEY_CATEGORY,
  SUBJECT_KEY_INDEX_CATEGORY,
  subjectKeyIndexStreamName,
  subjectKeyStreamName,
} from './subject.events';

describe('subject stream names', () => {
  it('names one stream per data key, `subjectKey-<ref>.<keyId>`, and reads both parts back', () => {
    const name = subjectKeyStreamName('Ab-_9', 'k-1_Z');
    expect(name).toBe('subjectKey-Ab-_9.k-1_Z');
    expect(name.startsWith(`${SUBJECT_KEY_CATEGORY}-`)).toBe(true);
    expect(parseSubjectKeyStreamName(name)).toEqual({ subjectRef: 'Ab-_9', keyId: 'k-1_Z' });
  });

  it('reads back whole base64url parts only, and nothing that is not exactly such a name', () => {
    expect(parseSubjectKeyStreamName('subjectKey-abcdef.ghijkl')).toEqual({ subjectRef: 'abcdef', keyId: 'ghijkl' });
    for (const other of [
      'xsubjectKey-abc.def',
      'subjectKey-abc.def.ghi',
      'subjectKey-abc.def/',
      'subjectKey-abc',
      'subjectKey-.def',
      'subjectKey-abc.',
      'subjectKey-a+c.def',
      'subjectKey-abc.d=f',
      'subjectKeys-abc',
      '',
    ]) {
      expect(parseSubjectKeyStreamName(other)).toBeNull();
    }
  });

  it('keeps the key index and the erasures in streams of their own', () => {
    expect(subjectKeyIndexStreamName('Ab-_9')).toBe('subjectKeys-Ab-_9');
    expect(SUBJECT_KEY_INDEX_CATEGORY).toBe('subjectKeys');
    expect(SUBJECT_ERASURES_STREAM).toBe('subjectErasures');
    // The index is no key stream: erasure removes key streams whole and keeps the index.
    expect(parseSubjectKeyStreamName(subjectKeyIndexStreamName('abc'))).toBeNull();
  });
});
