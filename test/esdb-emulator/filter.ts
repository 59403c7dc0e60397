/**
 * Server-side filters on `$all` (`ReadReq.Options.FilterOptions`), as EventStore
 * `src/EventStore.Core/Services/Storage/ReaderIndex/EventFilter.cs` applies them: an event
 * passes when its stream name (or event type) starts with any of the prefixes. System events
 * are not excluded by a prefix filter: a `$streamDeleted` tombstone lands in the deleted stream
 * itself, so a stream-name prefix filter lets it through.
 */
import { invalidArgument, RejectedRequest } from './errors';
import { streams } from './protocol';
import type { StoredEvent } from './store';

/** The server's page size, and the default search window of a filtered read (`Enumerator.ReadBatchSize`). */
const DEFAULT_SEARCH_WINDOW = 32;

export interface LogFilter {
  readonly matches: (event: StoredEvent) => boolean;
  /**
   * Events considered (passing the filter or not) between two checkpoints of a filtered
   * subscription: `checkpointIntervalMultiplier × max search window`
   * (EventStore `src/EventStore.Core/Services/Transport/Enumerators/Enumerator.AllSubscriptionFiltered.cs`).
   */
  readonly checkpointInterval: number;
}

/** The filter of a `ReadReq`, or `undefined` for `no_filter`. Regular expressions are refused. */
export function parseFilter(options: streams.ReadReq.Options): LogFilter | undefined {
  if (options.getFilterOptionCase() !== streams.ReadReq.Options.FilterOptionCase.FILTER) return undefined;
  const filter = options.getFilter()!;
  const Case = streams.ReadReq.Options.FilterOptions.FilterCase;
  const onStreamName = filter.getFilterCase() === Case.STREAM_IDENTIFIER;
  if (!onStreamName && filter.getFilterCase() !== Case.EVENT_TYPE) {
    throw new RejectedRequest(invalidArgument('A filter needs a stream_identifier or an event_type expression.'));
  }
  const expression = onStreamName ? filter.getStreamIdentifier()! : filter.getEventType()!;
  if (expression.getRegex() !== '') {
    throw new RejectedRequest(
      invalidArgument(
        'The EventStoreDB emulator does not evaluate regex filters (the server evaluates .NET regular expressions): filter by prefixes.',
      ),
    );
  }
  const prefixes = expression.getPrefixList();
  const window =
    filter.getWindowCase() === streams.ReadReq.Options.FilterOptions.WindowCase.MAX ? filter.getMax() : DEFAULT_SEARCH_WINDOW;
  const multiplier = filter.getCheckpointintervalmultiplier();
  if (window < 1 || multiplier < 1) {
    throw new RejectedRequest(invalidArgument('The filter window and the checkpoint interval multiplier must be positive.'));
  }
  return {
    matches: onStreamName
      ? (event) => prefixes.some((prefix) => event.streamName.startsWith(prefix))
      : (event) => prefixes.some((prefix) => event.type.startsWith(prefix)),
    checkpointInterval: multiplier * window,
  };
}
