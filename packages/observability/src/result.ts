/**
 * The outcome of a call that validates its input without throwing: `ok: true` with a `value`, or `ok: false` with
 * the `error` (for configuration, every problem found at once).
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** Wraps a success. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** Wraps a failure. */
export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}

/**
 * Returns the value of a successful result and throws the (first) error of a failed one, for callers that prefer
 * exceptions: `const router = unwrap(createEffortRouter(config))`.
 */
export function unwrap<T, E>(result: Result<T, E>): T {
  if (result.ok) return result.value;
  const error: unknown = result.error;
  throw Array.isArray(error) ? (error[0] as unknown) : error;
}
