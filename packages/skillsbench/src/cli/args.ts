import { parseArgs } from 'node:util';

/** Parsed command line: positionals and `--name value` / `--flag` options. */
export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

const STRING_OPTIONS = [
  'category', 'driver', 'agent', 'model', 'conditions', 'trials', 'concurrency', 'timeout-multiplier', 'seed', 'error-policy', 'store', 'resume',
  'run-id', 'max-cost-usd', 'max-tokens', 'out', 'format', 'granularity', 'baseline', 'thresholds', 'n', 'c', 'k', 'task', 'pass-threshold',
  'per-task-concurrency', 'skill-injection',
] as const;
const BOOLEAN_OPTIONS = ['json', 'oracle', 'nop', 'fail-on-regression', 'no-significance', 'help', 'legacy'] as const;

/** Parses `argv` (without node and script); unknown options are an error. */
export function parseCli(argv: readonly string[]): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const name of STRING_OPTIONS) options[name] = { type: 'string' };
  for (const name of BOOLEAN_OPTIONS) options[name] = { type: 'boolean' };
  const { positionals, values } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  return { positionals, values: values as ParsedArgs['values'] };
}

/** A numeric option, or the default; throws a usage error naming the option on junk. */
export function numberOption(values: ParsedArgs['values'], name: string, fallback?: number): number | undefined {
  const raw = values[name];
  if (raw === undefined || typeof raw === 'boolean') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new UsageError(`--${name} must be a number, got ${raw}`);
  return value;
}

/** A comma-separated list option. */
export function listOption(values: ParsedArgs['values'], name: string): string[] | undefined {
  const raw = values[name];
  return typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0) : undefined;
}

/** A command-line mistake: printed with the usage, exit code 1. */
export class UsageError extends Error {}
