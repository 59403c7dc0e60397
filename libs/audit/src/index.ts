/**
 * `@ledger/audit`: the answers the audit and ops API and the ledger CLI both give (a family's
 * events and state as of an instant, the hash-chain check, a projection's status), computed by
 * the same functions so the two can never disagree; and the ledger's RFC 9162 Merkle tree, its
 * proofs and the removal records that keep them valid after retention and erasure.
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
export {
  accessTokenToExplain,
  explainToken,
  refreshTokenToExplain,
  tokenIdToExplain,
  tokenWhyJson,
  type TokenToExplain,
  type TokenWhyJson,
} from './token-why';
export { verifyLedger, type LedgerVerificationJson } from './verify-ledger';
export {
  parseLedgerSeal,
  parseSealingKeyCreated,
  parseSealingKeyRewrapped,
  positionJson,
  SEAL_VERSION,
  SEALING_KEY_CREATED,
  SEALING_KEY_REWRAPPED,
  SEALING_KEYS_STREAM,
  sealHash,
  sealPayloadJson,
  type LedgerSealData,
  type PositionJson,
  type SealingKeyCreatedData,
  type SealingKeyRewrappedData,
  type SealPayload,
} from './seals/seal-format';
export { decideSeal, type SealDecision, type TreeHead } from './seals/seal-decision';
export { LEAF_PAGE_SIZE, leafOfEvent, leafOfRemoved, mergePage, readLogItems, RemovalRecords, type LogItem, type RemovedEntry } from './seals/ledger-leaves';
export { LedgerSealer, type LeafTree, type SealOutcome } from './seals/ledger-sealer';
export { latestSeal, leafAtPosition, sealWithTreeSize, type SealResource } from './seals/seal-lookup';
export { loadTrustedSealingKeys, type RecordedSealingKey, type TrustedSealingKeys } from './seals/trusted-sealing-keys';
export { verifySeals, type LedgerIntegrityReport, type SealBreak, type SealBreakKind, type SealSummary, type VerifySealsOptions } from './seals/verify-seals';
export { ledgerLeafHash, ledgerLeafInput, isLeafEvent, type LedgerLeafFields } from './merkle/ledger-leaf';
export { MerkleFrontier, InvalidMerkleFrontierError, type MerkleFrontierJson } from './merkle/merkle-frontier';
export { consistencyProof, inclusionProof, InvalidProofRequestError, type SubtreeHashes } from './merkle/merkle-proofs';
export { EMPTY_TREE_ROOT, isHashHex, leafHash, merkleRoot, nodeHash } from './merkle/tree-hash';
export { verifyConsistency, verifyInclusion } from './merkle/verify-proofs';
export {
  EVENTS_REMOVED,
  InvalidRemovalRecordError,
  LEDGER_REMOVALS_STREAM,
  LEDGER_SEALED,
  LEDGER_SEALS_STREAM,
  parseEventsRemoved,
  RemovedEventsIndex,
  type EventsRemovedData,
  type RemovalReason,
  type RemovedEvent,
  type RemovedEventEntry,
  type RemovedStreamEntry,
} from './removals/removal-records';
export {
  MAX_EVENTS_PER_REMOVAL_RECORD,
  removeStreamsRecorded,
  StreamRemovalUnsupportedError,
  type RemoveStreamsOutcome,
  type RemoveStreamsRequest,
} from './removals/remove-streams-recorded';
export { readRemovalRecords, type LoadedRemovalRecords, type RemovalRecordProblem } from './removals/read-removal-records';
