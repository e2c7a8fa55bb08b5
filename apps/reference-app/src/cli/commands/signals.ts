import { SIGNAL_SEVERITIES, SIGNAL_TYPES, type SignalSeverity, type SignalType } from '@agent33/improvement-store';
import { UsageError } from '../../errors/index.js';
import { snake } from '../../http/snake.js';
import { parseCommandArgs, required } from '../args.js';
import type { CliIo } from '../io.js';
import { printJson, withApp } from '../with-app.js';

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/**
 * `agent33 signals list [--type t] [--severity s] [--limit n]` · `signals add --type t --severity s --summary "…"
 * [--details …] [--source …]` · `signals summary [--window-days n]`: learning signals in the SQLite store.
 */
export async function signalsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    type: { type: 'string' },
    severity: { type: 'string' },
    summary: { type: 'string' },
    details: { type: 'string' },
    source: { type: 'string' },
    limit: { type: 'string' },
    'window-days': { type: 'string' },
    tenant: { type: 'string' },
  });
  const action = required(positionals, 0, 'list|add|summary');
  const type = oneOf<SignalType>('type', values['type'], SIGNAL_TYPES);
  const severity = oneOf<SignalSeverity>('severity', values['severity'], SIGNAL_SEVERITIES);
  const tenant = typeof values['tenant'] === 'string' ? values['tenant'] : undefined;
  const int = (name: string): number | undefined => {
    const v = values[name];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} expects a non-negative integer`);
    return n;
  };
  if (!['list', 'add', 'summary'].includes(action)) throw new UsageError(`unknown signals action "${action}" (list, add, summary)`);
  if (action === 'add' && (type === undefined || severity === undefined || typeof values['summary'] !== 'string')) {
    throw new UsageError('signals add needs --type, --severity and --summary');
  }
  return withApp(values, io, async (app) => {
    const store = app.store.store;
    const scope = tenant === undefined ? ({ allTenants: true } as const) : { tenantId: tenant };
    if (action === 'list') {
      const page = await store.listSignals({
        scope,
        ...(type === undefined ? {} : { signalType: type }),
        ...(severity === undefined ? {} : { severity }),
        limit: int('limit') ?? 50,
      });
      printJson(io, snake(page.items));
    } else if (action === 'add') {
      const stored = await store.record({
        signalType: type as SignalType,
        severity: severity as SignalSeverity,
        summary: values['summary'] as string,
        tenantId: tenant ?? 'default',
        ...(typeof values['details'] === 'string' ? { details: values['details'] } : {}),
        ...(typeof values['source'] === 'string' ? { source: values['source'] } : { source: 'cli' }),
      });
      printJson(io, snake(stored));
    } else {
      const windowDays = int('window-days');
      printJson(io, snake(await store.summarize({ scope, limit: null, windowDays: windowDays ?? null })));
    }
    return 0;
  });
}
