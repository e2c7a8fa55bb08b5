import { POLICY_PACKS, type ConnectorBoundary } from '@agent33/connectors';
import type { McpServerRegistry } from '@agent33/connectors/mcp';
import { z } from 'zod';
import { HttpProblem } from '../problem.js';
import { route, type RouteSpec } from '../route.js';
import { snake } from '../snake.js';

const policyBody = z.strictObject({
  policy_pack: z.union([z.string().min(1).max(100), z.array(z.string().min(1).max(100)).min(1).max(10)]),
});

/** The outbound-call boundary: description, breakers, per-connector metrics, policy packs, MCP servers. */
export function connectorRoutes(boundary: ConnectorBoundary, mcp: McpServerRegistry): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/v1/connectors',
      summary: 'Boundary configuration (preset, packs, middleware order, limits) and fleet health',
      tag: 'connectors',
      access: 'observability:read',
      handler: () => ({ boundary: snake(boundary.describe()), health: snake(boundary.metrics.health()), orphaned: boundary.orphaned }),
    }),
    route({
      method: 'get',
      path: '/v1/connectors/breakers',
      summary: 'Circuit-breaker state of every connector seen so far',
      tag: 'connectors',
      access: 'observability:read',
      handler: () => [...boundary.breakers.entries()].map(([key, b]) => ({ connector: key, ...(snake(b.snapshot()) as object) })),
    }),
    route({
      method: 'get',
      path: '/v1/connectors/metrics',
      summary: 'Per-connector call counts, success and error rates, latency (avg, p95)',
      tag: 'connectors',
      access: 'observability:read',
      handler: () => snake(boundary.metrics.all()),
    }),
    route({
      method: 'get',
      path: '/v1/connectors/:connector/events',
      summary: 'Recent circuit events of one connector (newest first)',
      tag: 'connectors',
      access: 'observability:read',
      handler: ({ params }) => snake(boundary.metrics.circuitEvents(params['connector'] as string, 50)),
    }),
    route({
      method: 'get',
      path: '/v1/connectors/policy-packs',
      summary: 'The available governance policy packs and the ones in force',
      tag: 'connectors',
      access: 'observability:read',
      handler: () => ({ active: boundary.describe().packs, packs: snake(Object.values(POLICY_PACKS)) }),
    }),
    route({
      method: 'put',
      path: '/v1/connectors/policy',
      summary: 'Replace the policy packs in force (atomic for the next call); unknown pack → 400',
      tag: 'connectors',
      access: 'admin',
      body: policyBody,
      errors: [400],
      handler: ({ body }) => {
        const names = Array.isArray(body.policy_pack) ? body.policy_pack : [body.policy_pack];
        const unknown = names.filter((n) => !(n in POLICY_PACKS));
        if (unknown.length > 0) throw new HttpProblem(400, 'CONNECTOR_UNKNOWN_POLICY_PACK', `Unknown policy pack: ${unknown.join(', ')}`);
        const version = boundary.setPolicy({ policyPack: names });
        return { policy_version: version, active: boundary.describe().packs };
      },
    }),
    route({
      method: 'get',
      path: '/v1/connectors/mcp',
      summary: 'Registered MCP servers and their connection state',
      tag: 'connectors',
      access: 'observability:read',
      handler: () => ({
        servers: mcp.list().map((s) => ({ name: s.name, transport: s.transport.kind })),
        status: snake(mcp.pool.status()),
      }),
    }),
  ];
}
