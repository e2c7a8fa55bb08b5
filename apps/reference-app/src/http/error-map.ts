import { Agent33Error } from '@agent33/observability';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HttpProblem } from './problem.js';

/** An error as the HTTP layer answers it. */
export interface MappedError {
  status: ContentfulStatusCode;
  code: string;
  message: string;
  details?: unknown;
}

// Library error codes that are the caller's fault or a missing resource. Anything else from a library is upstream
// trouble (502) or a dependency being down (503); unknown errors are 500 with a generic message.
const BY_CODE: Record<string, ContentfulStatusCode> = {
  APP_UNAVAILABLE: 503,
  APP_BAD_CONFIG: 500,
  RUNTIME_UNKNOWN_AGENT: 404,
  RUNTIME_MISSING_INPUT: 422,
  RUNTIME_BAD_DEFINITION: 422,
  RUNTIME_BAD_OPTIONS: 422,
  RUNTIME_CONTEXT_OVERFLOW: 422,
  RUNTIME_MODEL_ERROR: 502,
  STORE_NOT_FOUND: 404,
  STORE_INVALID_INPUT: 400,
  // Parity: the reference answers an illegal intake transition with 400.
  STORE_ILLEGAL_TRANSITION: 400,
  STORE_CONFLICT: 409,
  STORE_LEGACY_FORMAT: 400,
  STORE_CORRUPT: 503,
  STORE_UNAVAILABLE: 503,
  STORE_VERSION_TOO_NEW: 503,
  STORE_MIGRATION_CHECKSUM: 503,
  STORE_BAD_CONFIG: 500,
  CONNECTOR_GOVERNANCE_DENIED: 403,
  CONNECTOR_EGRESS_BLOCKED: 403,
  CONNECTOR_CIRCUIT_OPEN: 503,
  CONNECTOR_BULKHEAD_REJECTED: 503,
  CONNECTOR_RATE_LIMITED: 429,
  CONNECTOR_TIMEOUT: 504,
  CONNECTOR_UNKNOWN_POLICY_PACK: 400,
  CONNECTOR_BAD_CONFIG: 400,
  BENCH_TASK_INVALID: 400,
  BENCH_BAD_CONFIG: 400,
  OBS_BAD_INPUT: 400,
  OBS_TRACE_NOT_FOUND: 404,
};

const PATTERNS: Array<[RegExp, ContentfulStatusCode]> = [
  [/_NOT_FOUND$|_UNKNOWN_/, 404],
  [/_CONFLICT$|_ILLEGAL_TRANSITION$|_INVALID_TRANSITION$|_BUSY$/, 409],
  [/_INVALID|_VALIDATION|_BAD_|_OUT_OF_RANGE$|_MISSING_/, 400],
  [/_CIRCUIT_OPEN$|_UNAVAILABLE$|_BULKHEAD|_RATE_LIMIT/, 503],
  [/_TIMEOUT$|_DEADLINE/, 504],
];

/** Maps any thrown value to a status, code and message without leaking internals of unknown errors. */
export function mapError(error: unknown): MappedError {
  if (error instanceof HttpProblem) {
    return { status: error.status, code: error.code, message: error.message, details: error.details };
  }
  if (Agent33Error.isInstance(error)) {
    const code = error.code;
    let status = BY_CODE[code];
    if (code === 'RUNTIME_MODEL_ERROR') {
      const kind = (error as { kind?: string }).kind;
      // A model server that cannot be reached is a dependency being down, not a bad answer from upstream.
      if (kind === 'network') status = 503;
      if (kind === 'timeout') status = 504;
    }
    if (status === undefined) {
      status = PATTERNS.find(([re]) => re.test(code))?.[1] ?? 502;
    }
    return { status, code, message: error.message };
  }
  return { status: 500, code: 'APP_INTERNAL', message: 'Internal error' };
}
