import type { BoundaryRequest, CallBoundary } from '@agent33/runtime/ports';
import type { ConnectorBoundary } from './boundary.js';
import { ConnectorConfigError } from './errors/connector-config-error.js';
import type { ConnectorId } from './model.js';

/** Options of {@link asRuntimeBoundary}. */
export interface RuntimeBoundaryOptions {
  /** Maps a runtime call to a connector id. Default `llm:{target}` for models, `tool:{target}` for tools. */
  connectorId?: (request: { kind: 'model' | 'tool'; target: string; operation: string }) => ConnectorId | string;
}

/**
 * Adapts a connector boundary to the runtime's `CallBoundary` port: each provider attempt or tool execution
 * becomes one boundary call (governance, deadline, breaker, metrics), and the function receives the call's signal.
 */
export function asRuntimeBoundary(boundary: ConnectorBoundary, options: RuntimeBoundaryOptions = {}): CallBoundary {
  if (typeof boundary?.execute !== 'function') throw new ConnectorConfigError('boundary', 'expected a ConnectorBoundary');
  const connectorId = options.connectorId ?? ((request) => `${request.kind === 'model' ? 'llm' : 'tool'}:${request.target}`);
  return {
    execute<T>(request: BoundaryRequest, fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (typeof request !== 'object' || request === null || (request.kind !== 'model' && request.kind !== 'tool') || typeof request.target !== 'string') {
        return Promise.reject(new ConnectorConfigError('request', "expected { kind: 'model' | 'tool', target, operation }"));
      }
      const metadata: Record<string, unknown> = { ...request.metadata };
      if (request.kind === 'tool') metadata['tool'] = request.target;
      return boundary.execute(
        {
          connector: connectorId(request),
          operation: request.operation,
          metadata,
          ...(signal === undefined ? {} : { signal }),
        },
        (ctx) => fn(ctx.signal),
      );
    },
  };
}
