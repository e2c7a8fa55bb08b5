import { context, propagation, type Context } from '@opentelemetry/api';

/**
 * Writes the active (or given) trace context into an outgoing carrier (HTTP headers, MCP `_meta`) through the
 * globally registered propagator. A no-op until the host registers one (the API default propagates nothing).
 */
export function injectTraceContext(carrier: Record<string, string>, ctx?: Context): void {
  propagation.inject(ctx ?? context.active(), carrier);
}

/** Reads a trace context from an incoming carrier through the registered propagator (the active context when none). */
export function extractTraceContext(carrier: Readonly<Record<string, string>>, base?: Context): Context {
  return propagation.extract(base ?? context.active(), carrier);
}
