import type { ComponentBoard } from '../../composition/components.js';
import { APP_VERSION } from '../../version.js';
import { route, type RouteSpec } from '../route.js';

/** Liveness and readiness; both are public. */
export function healthRoutes(board: ComponentBoard, startedAt: number, now: () => number): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/health',
      summary: 'Liveness: the process is serving requests',
      tag: 'health',
      access: 'public',
      handler: () => ({ status: 'ok', version: APP_VERSION, uptimeSeconds: Math.round((now() - startedAt) / 1000) }),
    }),
    route({
      method: 'get',
      path: '/ready',
      summary: 'Readiness: every required component is available',
      tag: 'health',
      access: 'public',
      errors: [503],
      handler: ({ c }) => {
        const ready = board.ready();
        return c.json({ status: ready ? 'ready' : 'unavailable', components: board.list() }, ready ? 200 : 503);
      },
    }),
  ];
}
