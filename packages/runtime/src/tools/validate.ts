import { Validator, type Schema, type SchemaDraft } from '@cfworker/json-schema';
import type { JSONSchema } from '../model/types.js';
import type { SchemaValidator } from '../ports/index.js';

// Errors from combinators that only say "a child failed"; the child's own error is more useful to a model.
const WRAPPER_KEYWORDS = new Set(['properties', 'items', 'prefixItems', 'additionalItems', 'allOf', '$ref', 'dependentSchemas', 'false']);

function draftOf(schema: JSONSchema): SchemaDraft {
  const id = typeof schema['$schema'] === 'string' ? schema['$schema'] : '';
  if (id.includes('draft-04')) return '4';
  if (id.includes('draft-06') || id.includes('draft-07')) return '7';
  if (id.includes('2019-09')) return '2019-09';
  return '2020-12';
}

function pathOf(instanceLocation: string): string {
  const path = instanceLocation.replace(/^#\/?/, '').split('/').filter((s) => s !== '').join('.');
  return path === '' ? '(root)' : path;
}

/**
 * The default {@link SchemaValidator}: `@cfworker/json-schema` (drafts 4, 7, 2019-09 and 2020-12, no code
 * generation, so it runs under strict CSP and on edge runtimes). Every error is reported as `path: message`,
 * leaf errors only, sorted by path. Compiled validators are cached per schema object.
 */
export class CfworkerSchemaValidator implements SchemaValidator {
  private readonly cache = new WeakMap<object, Validator>();

  validate(schema: JSONSchema, value: unknown): { valid: true } | { valid: false; errors: Array<{ path: string; message: string }> } {
    let validator = this.cache.get(schema);
    if (validator === undefined) {
      validator = new Validator(schema as Schema, draftOf(schema), false);
      this.cache.set(schema, validator);
    }
    const result = validator.validate(value);
    if (result.valid) return { valid: true };
    const leaves = result.errors.filter((e) => !WRAPPER_KEYWORDS.has(e.keyword) || !/does not match/.test(e.error));
    const chosen = leaves.length > 0 ? leaves : result.errors;
    const errors = chosen
      .map((e) => ({ path: pathOf(e.instanceLocation), message: e.error }))
      .sort((a, b) => a.path.localeCompare(b.path));
    return { valid: false, errors };
  }
}

/** Formats validation errors the way the model sees them: `path: message; …`. */
export function formatValidationErrors(errors: ReadonlyArray<{ path: string; message: string }>): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('; ');
}
