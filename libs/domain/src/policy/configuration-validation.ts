import { InvalidConfigurationError } from './configuration.errors';

/**
 * Shared checks for configuration input (authorization servers, policies, rules, clients).
 * Input may come from a parsed JSON file, so every check tolerates values of the wrong type
 * and turns them into an {@link InvalidConfigurationError} instead of a crash.
 */

/** Joins a field path: `field('policies[0]', 'name')` is `policies[0].name`. */
export function field(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** A string with at least one non-blank character. */
export function requireName(value: unknown, at: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidConfigurationError(at, 'must be a non-empty string');
  }
  return value;
}

/** An integer within `[min, max]`. */
export function requireIntegerInRange(value: unknown, at: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidConfigurationError(at, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** One of the allowed literal values. */
export function requireOneOf<T extends string>(value: unknown, at: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidConfigurationError(at, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/**
 * A list of non-empty strings, duplicates dropped (first occurrence kept). `undefined` reads as
 * the empty list when `optional`.
 */
export function requireStringList(
  value: unknown,
  at: string,
  options: { readonly nonEmpty?: boolean; readonly optional?: boolean } = {},
): string[] {
  if (value === undefined && options.optional) return [];
  if (!Array.isArray(value)) throw new InvalidConfigurationError(at, 'must be a list of strings');
  const result: string[] = [];
  value.forEach((item: unknown, index) => {
    if (typeof item !== 'string' || item.trim() === '') {
      throw new InvalidConfigurationError(`${at}[${index}]`, 'must be a non-empty string');
    }
    if (!result.includes(item)) result.push(item);
  });
  if (options.nonEmpty && result.length === 0) {
    throw new InvalidConfigurationError(at, 'must name at least one value');
  }
  return result;
}

/** The list sorted, for comparisons where order carries no meaning. */
export function asSet(values: readonly string[]): string[] {
  return [...values].sort();
}
