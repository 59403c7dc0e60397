import type { DomainEvent } from '../decider';

/**
 * A read model as pure functions, in the shape STYLE.md §7 asks for: the event types it
 * handles (an explicit list, so a new event type is ignored until someone decides what it
 * means here), which documents an event touches, and how one document evolves.
 *
 * No I/O, no clock: every instant a document holds comes from the events, and anything that
 * depends on "now" (is this family expired?) is computed when the read model is queried.
 * `evolve` is total and never throws; `null` means "no document".
 */
export interface DocumentProjection<Document> {
  /** The read model's name (its table). */
  readonly name: string;
  readonly handledEventTypes: readonly string[];
  /** Ids of the documents `event` touches; none for a type the projection does not handle. */
  documentIds(event: DomainEvent): readonly string[];
  /** The document after `event`; `documentId` is one of `documentIds(event)`. */
  evolve(document: Document | null, event: DomainEvent, documentId: string): Document | null;
}

/**
 * Folds events into documents the way a runner does, in memory: for specs, for the auditor's
 * as-of views, and as the reference a stored read model must equal.
 */
export function foldDocuments<Document>(
  projection: DocumentProjection<Document>,
  events: readonly DomainEvent[],
  initial: ReadonlyMap<string, Document> = new Map(),
): Map<string, Document> {
  const documents = new Map(initial);
  for (const event of events) {
    for (const id of projection.documentIds(event)) {
      const next = projection.evolve(documents.get(id) ?? null, event, id);
      if (next === null) documents.delete(id);
      else documents.set(id, next);
    }
  }
  return documents;
}
