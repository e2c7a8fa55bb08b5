import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { Scope } from '../config/index.js';
import type { Principal } from './auth.js';

/** Who may call a route: a scope, `public` (health, readiness, the OpenAPI document) or `metrics` (configurable). */
export type RouteAccess = Scope | 'public' | 'metrics';

/** What a handler receives: validated body, query and path parameters, and the caller. */
export interface RouteContext<B, Q> {
  c: Context;
  body: B;
  query: Q;
  params: Record<string, string>;
  principal: Principal | undefined;
}

/** One HTTP route: its contract (for validation and the OpenAPI document) and its handler. */
export interface RouteSpec<B = unknown, Q = unknown> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Hono path syntax (`/v1/agents/:name`). */
  path: string;
  summary: string;
  tag: string;
  access: RouteAccess;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /** Success status; default 200. */
  status?: ContentfulStatusCode;
  /** Content type of the success response when it is not JSON (SSE, Prometheus text, HTML). */
  produces?: string;
  /** Status codes this route may answer besides success, for the document. */
  errors?: number[];
  handler(ctx: RouteContext<B, Q>): Promise<unknown> | unknown;
}

/** Declares a route with its types inferred from the schemas. */
export function route<B = undefined, Q = Record<string, string>>(spec: RouteSpec<B, Q>): RouteSpec<B, Q> {
  return spec;
}

/** A query-string boolean (`true/false/1/0`), for `z.object` query schemas. */
export const queryBool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/** A bounded query-string integer. */
export function queryInt(min: number, max: number): z.ZodType<number, string> {
  return z
    .string()
    .regex(/^-?\d+$/, 'expected an integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max)) as unknown as z.ZodType<number, string>;
}

/** Formats zod issues as `{ path, message }` pairs for 4xx bodies. */
export function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}
