import type { RoutingMetadataV1 } from '../effort/routing-metadata.js';

/** One routing-decision event (schema v1): the reference's `{timestamp, routing}` plus correlation and outcome. */
export interface DecisionEvent {
  schema: 'agent33.effort.decision/1';
  /** UTC ISO-8601. */
  timestamp: string;
  routing: RoutingMetadataV1;
  trace_id?: string;
  span_id?: string;
  agent?: string;
  /** Absent on the decision event; `ok` or a taxonomy code on the outcome event. */
  outcome?: 'ok' | string;
}

/** Receives decision events. A throw or rejection counts as an export failure. */
export interface DecisionEventExporter {
  /** Name used in the `agent33.exporter` attribute and in errors. */
  readonly name?: string;
  export(event: DecisionEvent): void | Promise<void>;
  flush?(): Promise<void>;
  shutdown?(): Promise<void>;
}

/** Drops every event. */
export const noopExporter: DecisionEventExporter = Object.freeze({ name: 'noop', export: () => undefined });

/** Hands every event to `fn` (to forward to a queue, a log, a test array). */
export function callbackExporter(fn: (event: DecisionEvent) => void | Promise<void>, name = 'callback'): DecisionEventExporter {
  return { name, export: (event) => fn(event) };
}
