import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error body every route answers with: `{ error: { code, message, details? } }` plus a `detail` string. */
export interface ProblemBody {
  error: { code: string; message: string; details?: unknown };
  /** The reference engine's FastAPI-style field, kept so existing clients read the message. */
  detail: string;
}

/** Builds an error response. */
export function problem(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details?: unknown,
): Response {
  const body: ProblemBody = { error: { code, message, ...(details === undefined ? {} : { details }) }, detail: message };
  return c.json(body, status);
}

/** An error a handler throws to answer with a given status and code. */
export class HttpProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}
