import { ConnectorConfigError } from './errors/connector-config-error.js';
import { ConnectorFailureError } from './errors/connector-failure-error.js';
import type { CallContext, Handler } from './model.js';

/** One recorded handler outcome (JSON-safe: errors keep their name, message and code). */
export interface RecordedCall {
  connector: string;
  operation: string;
  attempt: number;
  outcome: { ok: true; value: unknown } | { ok: false; error: { name: string; message: string; code?: string } };
}

/** A handler wrapper that records every outcome, for replay in tests or incident reproduction. */
export interface Recorder<T> {
  readonly handler: Handler<T>;
  readonly calls: readonly RecordedCall[];
  toJSON(): RecordedCall[];
}

/** Wraps a handler so each attempt's outcome is recorded (values must be JSON-serialisable to be replayed). */
export function recordHandler<T>(handler: Handler<T>): Recorder<T> {
  if (typeof handler !== 'function') throw new ConnectorConfigError('handler', 'expected a function');
  const calls: RecordedCall[] = [];
  const base = (ctx: CallContext) => ({ connector: ctx.request.connector, operation: ctx.request.operation, attempt: ctx.attempt });
  return {
    calls,
    toJSON: () => calls.map((call) => ({ ...call })),
    handler: async (ctx) => {
      try {
        const value = await handler(ctx);
        calls.push({ ...base(ctx), outcome: { ok: true, value } });
        return value;
      } catch (error) {
        const record = error as { name?: unknown; message?: unknown; code?: unknown };
        calls.push({
          ...base(ctx),
          outcome: {
            ok: false,
            error: {
              name: typeof record?.name === 'string' ? record.name : 'Error',
              message: typeof record?.message === 'string' ? record.message : String(error),
              ...(typeof record?.code === 'string' ? { code: record.code } : {}),
            },
          },
        });
        throw error;
      }
    },
  };
}

/**
 * A handler that replays recorded outcomes in order (matching connector and operation), so a boundary's behaviour
 * (retries, breaker transitions, reports) can be reproduced without the upstream. Replayed failures are
 * `ConnectorFailureError`s carrying the recorded message; running past the recording throws.
 */
export function replayHandler<T = unknown>(recorded: readonly RecordedCall[]): Handler<T> {
  if (!Array.isArray(recorded)) throw new ConnectorConfigError('recorded', 'expected the array from recorder.toJSON()');
  let index = 0;
  return async (ctx) => {
    const next = recorded[index];
    if (next === undefined) throw new ConnectorConfigError('recorded', `replay ran past the ${recorded.length} recorded calls`);
    if (next.connector !== ctx.request.connector || next.operation !== ctx.request.operation) {
      throw new ConnectorConfigError('recorded', `replay expected ${next.connector}/${next.operation}, got ${ctx.request.connector}/${ctx.request.operation}`);
    }
    index += 1;
    if (next.outcome.ok) return next.outcome.value as T;
    throw new ConnectorFailureError(next.outcome.error.message, { connector: next.connector, operation: next.operation });
  };
}
