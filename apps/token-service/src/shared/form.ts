import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { InvalidRequestError } from '../oauth-errors/oauth-errors';

/**
 * Validates a parsed form (or JSON) body against a class-validator DTO, synchronously (this is
 * on the refresh hot path). A repeated parameter arrives as an array and fails `IsString`, which
 * RFC 6749 §3.2 requires ("parameters MUST NOT be included more than once"). Unknown parameters
 * are ignored, as RFC 6749 §3.2 also requires.
 */
export function parseBody<T extends object>(dto: ClassConstructor<T>, body: unknown): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidRequestError('The request body must be application/x-www-form-urlencoded.', 'missing_body');
  }
  const instance = plainToInstance(dto, body, { excludeExtraneousValues: false });
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true, stopAtFirstError: true });
  if (errors.length > 0) {
    const first = errors[0];
    const value = (body as Record<string, unknown>)[first.property];
    const description = Array.isArray(value)
      ? `The '${first.property}' parameter must not be repeated.`
      : value === undefined || value === ''
        ? `The '${first.property}' parameter is required.`
        : `The '${first.property}' parameter is invalid.`;
    throw new InvalidRequestError(description, 'invalid_parameter', first.property);
  }
  return instance;
}

/** Splits an RFC 6749 §3.3 scope string into unique scope tokens, keeping order. */
export function parseScope(scope: string | undefined): string[] | undefined {
  if (scope === undefined) return undefined;
  return [...new Set(scope.split(' ').filter((s) => s.length > 0))];
}

/** Scope-token syntax (RFC 6749 §3.3): NQCHAR sequences separated by single spaces. */
export const SCOPE_PATTERN = /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/;
