/**
 * `@ledger/audit`: the answers the audit and ops API and the ledger CLI both give (a family's
 * events and state as of an instant, the hash-chain check, a projection's status), computed by
 * the same functions so the two can never disagree.
 */
export { parseInstant } from './audit-time';
export { AUDIT_PAGE_SIZE, readAllEvents, readStreamEvents } from './event-pages';
export { asTokenFamilyEvents, isFamilyId, readFamilyEvents } from './family-events';
export {
  AS_OF_SEMANTICS,
  familyStateReport,
  readFamilyStateReport,
  type ConsideredEvent,
  type FamilyStateReport,
} from './family-state.report';
export { iso, isoOrNull } from './iso-time';
export { toProjectionResource, type ProjectionResource } from './projection-resource';
export { auditEventJson, auditNdjsonLine, ndjsonLine, recordedEventJson, type PersonalJson, type RecordedEventJson } from './recorded-event-json';
export { verifyStore, type ChainVerificationJson } from './verify-store';
export { SubjectKeys, type PersonalDataView, type SubjectKeysOptions, type SubjectKeysRewrap } from './subject-keys';
