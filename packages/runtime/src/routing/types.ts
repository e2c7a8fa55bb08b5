import type { RouteRequest, RoutingDecision } from '@agent33/observability';

export type { EffortLevel, RouteRequest, RoutingDecision } from '@agent33/observability';

/**
 * Chooses model and output budget before a run. Observability's `EffortRouter` satisfies it structurally (the one
 * port implemented by a lower package, which never imports the runtime).
 */
export interface ExecutionRouter {
  resolve(r: RouteRequest): RoutingDecision;
}
