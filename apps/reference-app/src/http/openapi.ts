import { z } from 'zod';
import { APP_VERSION } from '../version.js';
import type { RouteSpec } from './route.js';

type Json = Record<string, unknown>;

function schemaOf(schema: z.ZodType): Json {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  delete json['$schema'];
  return json;
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed request',
  401: 'Missing or unknown bearer token',
  403: 'Token lacks the required scope',
  404: 'Not found',
  409: 'Conflict with the current state',
  413: 'Body larger than the configured limit',
  422: 'Request failed validation',
  502: 'Upstream model or tool failed',
  503: 'A dependency is unavailable',
};

/** Builds the OpenAPI 3.1 document from the registered routes, so the document and the validation never drift. */
export function buildOpenApi(routes: readonly RouteSpec[]): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const params: Json[] = [...r.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (r.query !== undefined) {
      const q = schemaOf(r.query);
      const props = (q['properties'] ?? {}) as Record<string, Json>;
      const required = new Set((q['required'] as string[] | undefined) ?? []);
      for (const [name, schema] of Object.entries(props)) {
        params.push({ name, in: 'query', required: required.has(name), schema });
      }
    }
    const errors = new Set<number>(r.errors ?? []);
    if (r.access !== 'public') {
      errors.add(401);
      errors.add(403);
    }
    if (r.body !== undefined) {
      errors.add(400);
      errors.add(413);
      errors.add(422);
    }
    const responses: Record<string, Json> = {
      [String(r.status ?? 200)]: {
        description: 'Success',
        content: { [r.produces ?? 'application/json']: {} },
      },
    };
    for (const code of [...errors].sort()) {
      responses[String(code)] = {
        description: ERROR_TEXT[code] ?? 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
    const op: Json = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(r.body !== undefined
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(r.body) } } } }
        : {}),
      responses,
      ...(r.access === 'public' ? { security: [] } : { 'x-required-scope': r.access }),
    };
    (paths[path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'agent33 reference app', version: APP_VERSION },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['error', 'detail'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
            },
            detail: { type: 'string' },
          },
        },
      },
    },
  };
}
