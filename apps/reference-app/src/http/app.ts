import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { hasScope, type Principal, type TokenAuthenticator } from './auth.js';
import { mapError } from './error-map.js';
import { buildOpenApi } from './openapi.js';
import { HttpProblem, problem } from './problem.js';
import { issuesOf, type RouteSpec } from './route.js';

/** Options for the HTTP application. */
export interface HttpAppOptions {
  routes: readonly RouteSpec[];
  authenticator: TokenAuthenticator;
  bodyLimitBytes: number;
  /** Require a token with `observability:read` for `/metrics`. */
  metricsAuth: boolean;
  /** Middleware run before every route (request metrics). */
  middleware?: MiddlewareHandler[];
  /** Called for every unexpected (5xx) error, for logging. */
  onError?: (error: unknown, c: Context) => void;
}

/** Hono variables set per request. */
export type HttpVars = { Variables: { principal: Principal | undefined } };

/**
 * Builds the Hono application: body limit, bearer auth by route access, request validation with 4xx answers, one
 * error format, `/openapi.json`, and a JSON 404 for unknown paths.
 */
export function createHttpApp(options: HttpAppOptions): Hono<HttpVars> {
  const app = new Hono<HttpVars>();
  const routes = [...options.routes];
  const document = buildOpenApi(routes);

  for (const m of options.middleware ?? []) app.use('*', m);
  app.use(
    '*',
    bodyLimit({
      maxSize: options.bodyLimitBytes,
      onError: (c) => problem(c, 413, 'APP_BODY_TOO_LARGE', `Body exceeds ${options.bodyLimitBytes} bytes`),
    }),
  );

  for (const spec of routes) {
    app.on(spec.method.toUpperCase(), spec.path, async (c) => {
      const access = spec.access;
      let principal: Principal | undefined;
      if (access !== 'public' && !(access === 'metrics' && !options.metricsAuth)) {
        principal = options.authenticator.authenticate(c.req.header('authorization'));
        if (principal === undefined) {
          c.header('WWW-Authenticate', 'Bearer');
          return problem(c, 401, 'APP_UNAUTHORIZED', 'A valid bearer token is required');
        }
        const scope = access === 'metrics' ? 'observability:read' : access;
        if (!hasScope(principal, scope)) {
          return problem(c, 403, 'APP_FORBIDDEN', `This route needs the "${scope}" scope`);
        }
      }
      let query: unknown = c.req.query();
      if (spec.query !== undefined) {
        const parsed = spec.query.safeParse(query);
        if (!parsed.success) {
          return problem(c, 422, 'APP_INVALID_QUERY', 'Query parameters failed validation', issuesOf(parsed.error));
        }
        query = parsed.data;
      }
      let body: unknown;
      if (spec.body !== undefined) {
        let raw: unknown;
        try {
          raw = await c.req.json();
        } catch {
          return problem(c, 400, 'APP_INVALID_JSON', 'The body must be a JSON document');
        }
        const parsed = spec.body.safeParse(raw);
        if (!parsed.success) {
          return problem(c, 422, 'APP_INVALID_BODY', 'Request body failed validation', issuesOf(parsed.error));
        }
        body = parsed.data;
      }
      try {
        const out = await spec.handler({ c, body, query, params: c.req.param() as Record<string, string>, principal });
        if (out instanceof Response) return out;
        return c.json(out as object, (spec.status ?? 200) as ContentfulStatusCode);
      } catch (error) {
        const mapped = mapError(error);
        if (mapped.status >= 500 && !(error instanceof HttpProblem)) options.onError?.(error, c);
        return problem(c, mapped.status, mapped.code, mapped.message, mapped.details);
      }
    });
  }

  app.get('/openapi.json', (c) => c.json(document));
  app.notFound((c) => problem(c, 404, 'APP_NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    const mapped = mapError(error);
    if (mapped.status >= 500) options.onError?.(error, c);
    return problem(c, mapped.status, mapped.code, mapped.message);
  });
  return app;
}
