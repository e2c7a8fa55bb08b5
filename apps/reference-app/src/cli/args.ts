import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors/index.js';

/** Options every command accepts. */
export const GLOBAL_OPTIONS = {
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  demo: { type: 'boolean' },
  host: { type: 'string' },
  port: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** Parses a command's arguments strictly; unknown flags are a {@link UsageError} naming the flag. */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: O,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...GLOBAL_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Configuration overrides from the global flags. */
export function overridesFrom(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof values['data-dir'] === 'string') out['dataDir'] = values['data-dir'];
  if (values['demo'] === true) out['model.demo'] = true;
  if (typeof values['host'] === 'string') out['server.host'] = values['host'];
  if (typeof values['port'] === 'string') {
    const n = Number(values['port']);
    if (!Number.isInteger(n)) throw new UsageError(`--port expects an integer, got ${JSON.stringify(values['port'])}`);
    out['server.port'] = n;
  }
  return out;
}

/** A required positional argument, or a {@link UsageError} naming it. */
export function required(positionals: readonly string[], index: number, name: string): string {
  const value = positionals[index];
  if (value === undefined || value === '') throw new UsageError(`missing argument <${name}>`);
  return value;
}
