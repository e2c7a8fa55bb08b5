import type { OtelSdk } from '../../telemetry/otel-sdk.js';
import { HttpProblem } from '../problem.js';
import { route, type RouteSpec } from '../route.js';

/** `/metrics` in the Prometheus text exposition format, straight from the SDK's pull reader. */
export function metricsRoutes(otel: OtelSdk): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/metrics',
      summary: 'Every OpenTelemetry instrument in Prometheus text format',
      tag: 'observability',
      access: 'metrics',
      produces: 'text/plain; version=0.0.4',
      errors: [404],
      handler: async ({ c }) => {
        const text = await otel.scrape();
        if (text === undefined) throw new HttpProblem(404, 'APP_NOT_FOUND', 'Prometheus export is disabled');
        return c.body(text, 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      },
    }),
  ];
}
