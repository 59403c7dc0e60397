import {
  authorizationServerDecider,
  authorizationServerStreamName,
  type AuthorizationServerCommand,
  type AuthorizationServerEvent,
  type AuthorizationServerState,
} from '@ledger/domain';
import { fullFoldLoader, type CommandResult, type RunCommandOptions } from '@ledger/event-sourcing';
import { randomUUID } from 'node:crypto';
import type { CurrentAuthorizationServer } from './authorization-server.reader';
import { metadataOf, type RequestContext } from '../../shared/request-context';

type ServerCommandOptions = RunCommandOptions<AuthorizationServerCommand, AuthorizationServerEvent, AuthorizationServerState>;

/** The outcome of a command on an authorization server stream. */
export type ServerCommandResult = CommandResult<AuthorizationServerEvent, AuthorizationServerState>;

const load = fullFoldLoader(authorizationServerDecider);

/**
 * The command-loop options of one management write on `authorizationServer-<id>`: the server
 * decider over a full fold, event metadata from the request, and, when the caller sent
 * `If-Match`, that revision as the only one the append may expect (no reload and retry).
 */
export function onAuthorizationServer(
  authorizationServerId: string,
  command: AuthorizationServerCommand | ((state: AuthorizationServerState) => AuthorizationServerCommand),
  context: RequestContext,
  ifMatch?: bigint,
): ServerCommandOptions {
  return {
    streamName: authorizationServerStreamName(authorizationServerId),
    decider: authorizationServerDecider,
    load,
    command,
    commandId: randomUUID(),
    metadata: metadataOf(context),
    ...(ifMatch !== undefined ? { expectedRevision: ifMatch } : {}),
  };
}

/**
 * The server after a successful command, with the revision to answer as its ETag. A command
 * that decided nothing leaves the revision it read, which is still current.
 */
export function serverAfter(result: ServerCommandResult): CurrentAuthorizationServer {
  const { state, nextExpectedRevision } = result;
  if (state.status !== 'created' || nextExpectedRevision === 'no_stream') {
    // Every command here requires an existing server, so the decider threw before this point.
    throw new Error(`authorization server command left the stream in state '${state.status}'`);
  }
  return { state, revision: nextExpectedRevision };
}
