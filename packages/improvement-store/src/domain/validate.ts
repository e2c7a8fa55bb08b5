import { StoreValidationError } from '../errors/store-validation-error.js';
import { isOneOf } from './enums.js';
import type { TenantScope } from './types.js';

/** Throws unless `value` is a string (optionally non-blank and bounded). */
export function requireString(field: string, value: unknown, opts: { nonBlank?: boolean; maxLength?: number } = {}): string {
  if (typeof value !== 'string') throw new StoreValidationError(field, 'must be a string');
  if (opts.nonBlank && value.trim().length === 0) throw new StoreValidationError(field, 'must not be blank');
  if (opts.maxLength !== undefined && value.length > opts.maxLength) {
    throw new StoreValidationError(field, `must be at most ${opts.maxLength} characters`);
  }
  return value;
}

/** Returns `fallback` for undefined, otherwise validates a string. */
export function optionalString(field: string, value: unknown, fallback: string): string {
  return value === undefined ? fallback : requireString(field, value);
}

/** Validates an enum member, or returns the default when undefined. */
export function enumValue<T extends string>(field: string, values: readonly T[], value: unknown, fallback?: T): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (!isOneOf(values, value)) throw new StoreValidationError(field, `must be one of ${values.join(', ')} (got ${JSON.stringify(value)})`);
  return value;
}

/** Validates a string array. */
export function stringArray(field: string, value: unknown, fallback: string[] = []): string[] {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value)) throw new StoreValidationError(field, 'must be an array of strings');
  value.forEach((item, index) => requireString(`${field}[${index}]`, item));
  return [...(value as string[])];
}

/** Validates a string-to-string map (the reference rejects non-string context values). */
export function stringMap(field: string, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new StoreValidationError(field, 'must be an object of strings');
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) out[key] = requireString(`${field}.${key}`, item);
  return out;
}

/** Validates an integer within bounds, or returns the fallback when undefined. */
export function intInRange(field: string, value: unknown, min: number, max: number, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new StoreValidationError(field, `must be an integer in ${min}..${max}`);
  }
  return value;
}

/** Validates a finite number within bounds. */
export function numberInRange(field: string, value: unknown, min: number, max: number, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new StoreValidationError(field, `must be a number in ${min}..${max}`);
  }
  return value;
}

/** Validates a tenant scope: `{ tenantId }` or `{ allTenants: true }`; never "all" by omission. */
export function validateScope(scope: unknown, field = 'scope'): TenantScope {
  if (typeof scope !== 'object' || scope === null) throw new StoreValidationError(field, 'must be { tenantId } or { allTenants: true }');
  const record = scope as Record<string, unknown>;
  if ('tenantId' in record) {
    requireString(`${field}.tenantId`, record.tenantId, { nonBlank: true });
    return { tenantId: record.tenantId as string };
  }
  if (record.allTenants === true) return { allTenants: true };
  throw new StoreValidationError(field, 'must be { tenantId } or { allTenants: true }');
}

/** The tenant of a scope, or null for all tenants. */
export function scopeTenant(scope: TenantScope): string | null {
  return 'tenantId' in scope ? scope.tenantId : null;
}
