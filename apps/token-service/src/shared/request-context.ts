import type { FastifyRequest } from 'fastify';

/** Who and what a command came from; stamped into every event's metadata. */
export interface RequestContext {
  readonly requestId: string;
  readonly correlationId: string;
  /** `client:<id>` or `admin:<name>`. */
  readonly actor: string;
}

/** Caller-chosen ids are kept only when they are short and plain (they reach logs and events). */
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** `given` when it is a sane caller-chosen id (request or correlation id), else `undefined`. */
export function saneId(given: unknown): string | undefined {
  return typeof given === 'string' && SANE_ID.test(given) ? given : undefined;
}

/**
 * The correlation id of a request: a sane `X-Correlation-Id`, or the request id. Shared by the
 * command metadata and the request log lines, so both carry the same value.
 */
export function correlationIdFrom(headers: Record<string, string | string[] | undefined>, requestId: string): string {
  return saneId(headers['x-correlation-id']) ?? requestId;
}

/**
 * Builds the metadata context of a command from the HTTP request: the request id (a sane
 * `X-Request-Id` or a generated UUID), a correlation id (`X-Correlation-Id` or the request id)
 * and the actor.
 */
export function requestContext(request: FastifyRequest, actor: string): RequestContext {
  const requestId = String(request.id);
  return { requestId, correlationId: correlationIdFrom(request.headers, requestId), actor };
}

/**
 * Event metadata of a command from its request context: who, which request, which correlation;
 * the request that caused the events is the request itself.
 */
export function metadataOf(context: RequestContext): { actor: string; requestId: string; correlationId: string; causationId: string } {
  return { actor: context.actor, requestId: context.requestId, correlationId: context.correlationId, causationId: context.requestId };
}
