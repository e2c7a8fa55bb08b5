import { OTHER_VALUE } from '../semconv.js';

const CODE_LIKE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/**
 * A low-cardinality `error.type` for a thrown value: an explicit `errorType`, else a code-like `code`
 * (`F-EXE-TL08`, `CONNECTOR_TIMEOUT`), else the error class name for built-in errors, else `_OTHER`.
 */
export function errorTypeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const record = error as { errorType?: unknown; code?: unknown; name?: unknown };
    if (typeof record.errorType === 'string' && CODE_LIKE.test(record.errorType)) return record.errorType;
    if (typeof record.code === 'string' && CODE_LIKE.test(record.code)) return record.code;
    if (error instanceof Error && ['TypeError', 'RangeError', 'SyntaxError', 'AbortError', 'TimeoutError'].includes(error.name)) return error.name;
  }
  return OTHER_VALUE;
}

/** Keeps a caller-supplied error type if it looks like a code, else `_OTHER`. */
export function boundedErrorType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return CODE_LIKE.test(value) ? value : OTHER_VALUE;
}
