import type { Meter } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';

/**
 * Records `http.server.request.duration` (seconds, semconv buckets) per method, matched route template and status,
 * so the route label stays bounded however many distinct URLs are requested.
 */
export function httpMetrics(meter: Meter, now: () => number = () => performance.now()): MiddlewareHandler {
  const duration = meter.createHistogram('http.server.request.duration', {
    unit: 's',
    description: 'Duration of HTTP server requests',
    advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] },
  });
  return async (c, next) => {
    const start = now();
    await next();
    const matched = routePath(c, -1);
    duration.record((now() - start) / 1000, {
      'http.request.method': c.req.method,
      'http.route': matched === '/*' || matched === '*' ? '_OTHER' : matched,
      'http.response.status_code': c.res.status,
    });
  };
}
