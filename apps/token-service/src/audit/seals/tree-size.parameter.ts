import { ApiValidationError } from '../../management-errors/management-errors';

/** A tree size from a query parameter: a decimal integer of at least `min`; anything else is a 400. */
export function treeSizeParameter(name: string, value: unknown, min: number): number {
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new ApiValidationError(name, `must be an integer of at least ${min}`);
  return n;
}
