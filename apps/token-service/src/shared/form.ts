import { plainToInstance, TransformationType, type ClassConstructor } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { InvalidRequestError } from '../oauth-errors/oauth-errors';

/**
 * Validates a parsed form (or JSON) body against a class-validator DTO, synchronously (this is
 * on the refresh hot path). A repeated parameter arrives as an array and fails `IsString`, which
 * RFC 6749 §3.2 requires ("parameters MUST NOT be included more than once"). Unknown parameters
 * are ignored, as RFC 6749 §3.2 also requires.
 *
 * The DTO's decorators are the only definition of what is valid. For a DTO whose decorators
 * are all synchronous property constraints and conditions (`IsString`, `Length`, `Matches`,
 * `IsOptional`, ...), a body is first checked by {@link compiledFormOf}: the same constraint
 * objects, looked up once per DTO instead of on every call (profiles of the refresh load showed
 * `validateSync`'s per-call metadata lookups and error bookkeeping as ~15% of all allocations).
 * Only a body that passes is answered from there; anything else goes through `plainToInstance`
 * + `validateSync`, which produce the instance and the first error exactly as before. The
 * spec checks both paths agree on arbitrary bodies.
 */
export function parseBody<T extends object>(dto: ClassConstructor<T>, body: unknown): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidRequestError('The request body must be application/x-www-form-urlencoded.', 'missing_body');
  }
  const fast = compiledFormOf(dto)?.(body as Record<string, unknown>);
  if (fast) return fast as T;
  return parseBodySlowly(dto, body);
}

/** `plainToInstance` + `validateSync` (whitelisting), and the first error as an OAuth error. */
export function parseBodySlowly<T extends object>(dto: ClassConstructor<T>, body: object): T {
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

/** The class-transformer metadata lookups used to tell whether `plainToInstance` would change a value. */
interface TransformerMetadata {
  findTypeMetadata(target: object, propertyName: string): unknown;
  findTransformMetadatas(target: object, propertyName: string, transformationType: number): unknown[];
  findExposeMetadata(target: object, propertyName: string): unknown;
  findExcludeMetadata(target: object, propertyName: string): unknown;
}

// class-transformer keeps its decorators' metadata here (not re-exported from its index).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transformerMetadata = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerMetadata }).defaultMetadataStorage;

function hasTransformerMetadata(dto: object, property: string): boolean {
  return (
    transformerMetadata.findTypeMetadata(dto, property) !== undefined ||
    transformerMetadata.findTransformMetadatas(dto, property, TransformationType.PLAIN_TO_CLASS).length > 0 ||
    transformerMetadata.findExposeMetadata(dto, property) !== undefined ||
    transformerMetadata.findExcludeMetadata(dto, property) !== undefined
  );
}

/** Returns the whitelisted instance when every constraint passes, `undefined` otherwise. */
type CompiledForm = (body: Record<string, unknown>) => object | undefined;

const compiledForms = new WeakMap<object, CompiledForm | null>();

/**
 * The DTO's class-validator metadata turned into one function, or `null` when it uses anything
 * beyond synchronous custom constraints and conditions (nested, `each`, groups, `always`,
 * async constraints, `IsDefined`, ...): those DTOs always take the `validateSync` path.
 *
 * What it does is what `validateSync(plainToInstance(dto, body), { whitelist: true })` does for
 * such DTOs: copy the decorated properties only, skip a property whose condition (`IsOptional`:
 * not null/undefined) fails, and run each constraint's own `validate` with the same arguments.
 */
export function compiledFormOf(dto: ClassConstructor<object>): CompiledForm | null {
  let compiled = compiledForms.get(dto);
  if (compiled === undefined) {
    compiled = compileForm(dto);
    compiledForms.set(dto, compiled);
  }
  return compiled;
}

interface PropertyRules {
  readonly name: string;
  readonly conditions: Array<(object: object, value: unknown) => boolean>;
  readonly constraints: Array<{ readonly validate: (value: unknown, args: object) => unknown; readonly args: readonly unknown[] | undefined }>;
}

function compileForm(dto: ClassConstructor<object>): CompiledForm | null {
  const storage = getMetadataStorage();
  // The arguments `validateSync` uses with our options (no groups, not strict, not `always`).
  const metadatas = storage.getTargetValidationMetadatas(dto, '', false, false, undefined);
  if (metadatas.length === 0) return null;
  const byProperty = new Map<string, PropertyRules>();
  for (const m of metadatas) {
    if (m.each || m.always || (m.groups && m.groups.length > 0)) return null;
    let rules = byProperty.get(m.propertyName);
    if (!rules) {
      rules = { name: m.propertyName, conditions: [], constraints: [] };
      byProperty.set(m.propertyName, rules);
    }
    if (m.type === 'conditionalValidation') {
      rules.conditions.push(m.constraints[0] as (object: object, value: unknown) => boolean);
    } else if (m.type === 'customValidation') {
      for (const constraint of storage.getTargetValidatorConstraints(m.constraintCls)) {
        if (constraint.async) return null;
        const instance = constraint.instance as { validate: (value: unknown, args: object) => unknown };
        rules.constraints.push({ validate: instance.validate.bind(instance), args: m.constraints });
      }
    } else {
      return null;
    }
  }
  const properties = [...byProperty.values()];
  // `plainToInstance` would also apply class-transformer decorators (`@Type(() => Number)`, ...):
  // a DTO with any takes the slow path.
  if (properties.some((p) => hasTransformerMetadata(dto, p.name))) return null;
  const targetName = dto.name;
  return (body) => {
    const instance = new dto() as Record<string, unknown>;
    for (const p of properties) {
      if (Object.prototype.hasOwnProperty.call(body, p.name)) instance[p.name] = body[p.name];
    }
    // Own properties a class field left undefined are not in the body: whitelisting drops
    // nothing else because only decorated properties were copied.
    for (const p of properties) {
      const value = instance[p.name];
      if (p.conditions.some((condition) => !condition(instance, value))) continue;
      for (const c of p.constraints) {
        const valid = c.validate(value, { targetName, property: p.name, object: instance, value, constraints: c.args });
        // A promise would be an async constraint (excluded above); treat it as "not proven".
        if (!valid || valid instanceof Promise) return undefined;
      }
    }
    return instance;
  };
}

/** Splits an RFC 6749 §3.3 scope string into unique scope tokens, keeping order. */
export function parseScope(scope: string | undefined): string[] | undefined {
  if (scope === undefined) return undefined;
  return [...new Set(scope.split(' ').filter((s) => s.length > 0))];
}

/** Scope-token syntax (RFC 6749 §3.3): NQCHAR sequences separated by single spaces. */
export const SCOPE_PATTERN = /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/;
