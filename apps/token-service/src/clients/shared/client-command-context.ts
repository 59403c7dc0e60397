import type { RequestContext } from '../../token-families/shared/token-response';

/** Event metadata for a command of the clients API, from the request context. */
export function metadataOf(context: RequestContext): { actor: string; requestId: string; correlationId: string; causationId: string } {
  return { actor: context.actor, requestId: context.requestId, correlationId: context.correlationId, causationId: context.requestId };
}
