/**
 * The ledger's own streams: what the audit trail records about itself. Kept apart from the
 * Merkle and removal code so both can name them without importing each other.
 */

/** Stream of removal records: what was removed from the log, appended before the removal. */
export const LEDGER_REMOVALS_STREAM = 'ledgerRemovals';
/** Event type of a removal record. */
export const EVENTS_REMOVED = 'EventsRemoved';
/** Stream of seals (signed tree heads). Its events are not leaves: a seal cannot cover itself. */
export const LEDGER_SEALS_STREAM = 'ledgerSeals';
/** Event type of a seal. */
export const LEDGER_SEALED = 'LedgerSealed';
