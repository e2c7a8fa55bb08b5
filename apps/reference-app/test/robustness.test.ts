import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

// Values that are never a valid body for any route: wrong top-level kinds, or objects carrying an unknown key
// (every body schema is strict).
const junkBody = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.jsonValue(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }).map((d) => ({
    ...d,
    __not_a_field__: 1,
  })),
);
const rawText = fc.oneof(fc.string({ maxLength: 200 }), fc.constant('{"unterminated":'), fc.constant('\u0000\u0001'));
const segment = fc.string({ minLength: 1, maxLength: 24 }).map((s) => encodeURIComponent(s));
const queryJunk = fc.dictionary(
  fc.constantFrom('limit', 'status', 'severity', 'signal_type', 'window_days', 'role', 'tenant_id', 'zzz'),
  fc.string({ maxLength: 12 }),
  { maxKeys: 3 },
);

function fill(path: string, seg: string): string {
  return path.replace(/:[A-Za-z0-9_]+/g, seg);
}

describe('fast-check generated bad payloads on every route', () => {
  it('never answers 5xx and rejects invalid bodies with 4xx', async () => {
    const bodyRoutes = t.app.routes.filter((r) => r.body !== undefined);
    const allRoutes = t.app.routes;
    expect(allRoutes.length).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...allRoutes),
        segment,
        queryJunk,
        fc.oneof(junkBody.map((b) => JSON.stringify(b)), rawText),
        async (r, seg, query, body) => {
          const qs = new URLSearchParams(query).toString();
          const url = `${t.server.url}${fill(r.path, seg)}${qs === '' ? '' : `?${qs}`}`;
          const res = await fetch(url, {
            method: r.method.toUpperCase(),
            headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
            ...(r.method === 'get' ? {} : { body }),
          });
          await res.arrayBuffer();
          expect(res.status, `${r.method} ${url}`).toBeLessThan(500);
          if (r.body !== undefined) expect(res.status, `${r.method} ${url} ${body}`).toBeGreaterThanOrEqual(400);
        },
      ),
      { numRuns: 150, seed: 33 },
    );
    // Every body route, hit with a body that cannot be valid, answers 4xx.
    for (const r of bodyRoutes) {
      const res = await t.post(fill(r.path, 'x'), { __not_a_field__: true }, ADMIN_TOKEN);
      expect(res.status, r.path).toBeGreaterThanOrEqual(400);
      expect(res.status, r.path).toBeLessThan(500);
    }
  }, 120_000);

  it('never answers 5xx to bodies built from each route\'s own field names with arbitrary values', async () => {
    const bodyRoutes = t.app.routes.filter((r) => r.body !== undefined);
    const keyed = fc.constantFrom(...bodyRoutes).chain((r) => {
      const schema = z.toJSONSchema(r.body as z.ZodType, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
      const keys = Object.keys(schema.properties ?? {});
      const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 30 }), fc.constantFrom('latest', 'none', 'bug', 'high', 'x'));
      const body = keys.length === 0 ? fc.constant({}) : fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length });
      return fc.tuple(fc.constant(r), body, segment);
    });
    await fc.assert(
      fc.asyncProperty(keyed, async ([r, body, seg]) => {
        const res = await fetch(`${t.server.url}${fill(r.path, seg)}`, {
          method: r.method.toUpperCase(),
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const text = await res.text();
        expect(res.status, `${r.method} ${r.path} ${JSON.stringify(body)} → ${text}`).toBeLessThan(500);
      }),
      { numRuns: 200, seed: 42 },
    );
  }, 180_000);

  it('answers 413 for bodies over the configured limit and 400 for malformed JSON', async () => {
    const limited = await startTestServer({ AGENT33_BODY_LIMIT_BYTES: '1024' });
    try {
      const bodyRoute = limited.app.routes.find((r) => r.body !== undefined && r.method === 'post');
      const path = bodyRoute === undefined ? '/health' : fill(bodyRoute.path, 'x');
      const big = await limited.post(path, { inputs: { blob: 'x'.repeat(4096) } }, ADMIN_TOKEN);
      expect(big.status).toBe(413);
      expect(await big.json()).toMatchObject({ error: { code: 'APP_BODY_TOO_LARGE' } });
      if (bodyRoute !== undefined) {
        const bad = await limited.post(path, '{"inputs":', ADMIN_TOKEN);
        expect(bad.status).toBe(400);
        expect(await bad.json()).toMatchObject({ error: { code: 'APP_INVALID_JSON' } });
      }
    } finally {
      await limited.stop();
    }
  });
});
