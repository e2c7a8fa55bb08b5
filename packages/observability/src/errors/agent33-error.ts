const AGENT33_ERROR_MARKER = Symbol.for('agent33.error');

/**
 * The common base of every error thrown by an agent33 package.
 *
 * Each error carries a stable UPPER_SNAKE `code` with a package prefix (`OBS_`, `RUNTIME_`, `CONNECTOR_`,
 * `STORE_`, `BENCH_`) and keeps its `cause`. Membership is tested with {@link Agent33Error.isInstance}, which reads a
 * `Symbol.for` marker instead of the prototype chain, so it still holds when a host loads two copies of a package
 * (ESM and CJS, or two versions side by side) and `instanceof` would say no.
 */
export abstract class Agent33Error extends Error {
  /** Stable machine-readable code, e.g. `CONNECTOR_TIMEOUT`. */
  abstract readonly code: string;
  private readonly [AGENT33_ERROR_MARKER] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    // `name` follows the concrete class so logs and stack traces say which error this is.
    this.name = new.target.name;
  }

  /** True for any agent33 error, from any copy of any agent33 package. */
  static isInstance(error: unknown): error is Agent33Error {
    return hasMarker(error, AGENT33_ERROR_MARKER);
  }

  /** A JSON-safe view for logs and HTTP error bodies. */
  toJSON(): { name: string; code: string; message: string } {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/**
 * True when `value` is an object carrying the given `Symbol.for` marker.
 *
 * Every package's error classes add a marker of their own (`Symbol.for('agent33.runtime.error')`, …) and implement
 * their static `isInstance` with this helper.
 */
export function hasMarker(value: unknown, marker: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}
