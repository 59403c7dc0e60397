import { deciderSpec } from '../testing/decider-spec';
import {
  erasedPersonalFields,
  legacySubjectOf,
  legacySubjectRef,
  parsePersonalFields,
  personalFieldsOf,
  storedPersonalOf,
  withoutPersonalFields,
  withPersonalFields,
  type StoredTokenIssuedData,
} from './personal-data';
import { subjectErasuresDecider, subjectKeyDecider, subjectKeyIndexDecider } from './subject.deciders';
import type { SubjectDataKeyCreated } from './subject.events';

const created: SubjectDataKeyCreated = { type: 'SubjectDataKeyCreated', data: { subjectRef: 'ref', keyId: 'k1', wrappedKey: 'jwe-1', createdAt: 1 } };

describe('subjectKeyDecider', () => {
  const given = deciderSpec(subjectKeyDecider);

  it('records the first key of a subject', () => {
    given([]).when({ type: 'CreateSubjectDataKey', data: created.data }).then([created]);
  });

  it('records no second key (a replica that lost the race reads the first)', () => {
    given([created]).when({ type: 'CreateSubjectDataKey', data: { ...created.data, keyId: 'k2', wrappedKey: 'jwe-2' } }).then([]);
  });

  it('records a rewrap only over the wrapping it replaces, and of a key it has', () => {
    const rewrap = { subjectRef: 'ref', keyId: 'k1', wrappedKey: 'jwe-1b', previousWrappedKey: 'jwe-1' };
    given([created]).when({ type: 'RewrapSubjectDataKey', data: rewrap }).then([{ type: 'SubjectDataKeyRewrapped', data: { subjectRef: 'ref', keyId: 'k1', wrappedKey: 'jwe-1b' } }]);
    given([created, { type: 'SubjectDataKeyRewrapped', data: { subjectRef: 'ref', keyId: 'k1', wrappedKey: 'jwe-1b' } }])
      .when({ type: 'RewrapSubjectDataKey', data: rewrap })
      .then([]);
    given([]).when({ type: 'RewrapSubjectDataKey', data: rewrap }).then([]);
    // Another key's rewrap names a key this stream does not hold.
    given([created]).when({ type: 'RewrapSubjectDataKey', data: { ...rewrap, keyId: 'k9' } }).then([]);
    // A second rewrap goes over the wrapping the first one recorded.
    given([created, { type: 'SubjectDataKeyRewrapped', data: { subjectRef: 'ref', keyId: 'k1', wrappedKey: 'jwe-1b' } }])
      .when({ type: 'RewrapSubjectDataKey', data: { ...rewrap, wrappedKey: 'jwe-1c', previousWrappedKey: 'jwe-1b' } })
      .then([{ type: 'SubjectDataKeyRewrapped', data: { subjectRef: 'ref', keyId: 'k1', wrappedKey: 'jwe-1c' } }]);
  });
});

describe('subjectKeyIndexDecider', () => {
  const given = deciderSpec(subjectKeyIndexDecider);
  const assigned = (keyId: string) => ({ type: 'SubjectDataKeyAssigned' as const, data: { subjectRef: 'ref', keyId, assignedAt: 1 } });

  it('assigns a key over the one the caller found current, and only then', () => {
    given([]).when({ type: 'AssignSubjectDataKey', data: { subjectRef: 'ref', keyId: 'k1', assignedAt: 1, replaces: null } }).then([assigned('k1')]);
    given([assigned('k1')]).when({ type: 'AssignSubjectDataKey', data: { subjectRef: 'ref', keyId: 'k2', assignedAt: 1, replaces: 'k1' } }).then([assigned('k2')]);
    // Another replica assigned first: nothing, the caller reads the winner's.
    given([assigned('k1')]).when({ type: 'AssignSubjectDataKey', data: { subjectRef: 'ref', keyId: 'k2', assignedAt: 1, replaces: null } }).then([]);
  });
});

describe('subjectErasuresDecider', () => {
  it('records every erasure request, with the pseudonym only', () => {
    deciderSpec(subjectErasuresDecider)([])
      .when({ type: 'EraseSubject', data: { subjectRef: 'ref', erasedAt: 5, requestedBy: 'admin:service' } })
      .then([{ type: 'SubjectErased', data: { subjectRef: 'ref', erasedAt: 5, requestedBy: 'admin:service' } }]);
  });
});

describe('personal data', () => {
  const issued = { familyId: 'f', subject: 'alice', username: 'al', groups: ['g'], scopes: ['openid'] };

  it('splits an issuance into its personal fields and the rest, and joins them back', () => {
    expect(personalFieldsOf(issued)).toEqual({ subject: 'alice', username: 'al', groups: ['g'] });
    const rest = withoutPersonalFields(issued);
    expect(rest).toEqual({ familyId: 'f', scopes: ['openid'] });
    const stored = { ...rest, personal: { subjectRef: 'ref', ciphertext: 'c' } } as unknown as StoredTokenIssuedData;
    expect(storedPersonalOf(stored)).toEqual({ subjectRef: 'ref', ciphertext: 'c' });
    expect(withPersonalFields(stored, personalFieldsOf(issued))).toEqual(issued);
    expect(withPersonalFields(stored, erasedPersonalFields())).toMatchObject({ subject: '[erased]', username: '[erased]', userId: '[erased]', groups: ['[erased]'] });
    expect(storedPersonalOf(issued)).toBeNull();
    expect(storedPersonalOf({ personal: { subjectRef: 1, ciphertext: 'c' } })).toBeNull();
    expect(storedPersonalOf({ personal: { subjectRef: 'ref', ciphertext: 2 } })).toBeNull();
  });

  it('keeps only the personal fields an issuance has: an absent one is no member at all', () => {
    expect(Object.keys(personalFieldsOf({ subject: 'alice' }))).toEqual(['subject']);
    expect(personalFieldsOf({ subject: 'alice', userId: 'u' })).toStrictEqual({ subject: 'alice', userId: 'u' });
  });

  it('parses only the four fields, with their types, from a decrypted text', () => {
    expect(parsePersonalFields('{"subject":"a","userId":"u","groups":["g",1],"extra":"x"}')).toEqual({ subject: 'a', userId: 'u', groups: ['g'] });
    expect(parsePersonalFields('{"username":"a"}')).toBeNull();
    expect(parsePersonalFields('not json')).toBeNull();
    expect(parsePersonalFields('{"subject":"a","username":"u"}')).toStrictEqual({ subject: 'a', username: 'u' });
    expect(parsePersonalFields('{"subject":"a","username":5,"userId":6}')).toStrictEqual({ subject: 'a' });
  });

  it('marks the plaintext subject of an older family so it never equals a pseudonym', () => {
    expect(legacySubjectOf(legacySubjectRef('alice'))).toBe('alice');
    expect(legacySubjectOf('AbC-_0')).toBeNull();
  });
});
