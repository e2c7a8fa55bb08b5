import type { CtrfTestLite } from '../sandbox/types.js';

const STATUSES = new Set(['passed', 'failed', 'skipped', 'pending', 'other']);

function rec(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Reads the tests of a CTRF document leniently: schema-valid CTRF (integer milliseconds, `filePath`) and
 * pytest-json-ctrf output (float seconds, `file_path`) alike. Seconds are detected from epoch-second `start` /
 * `stop` stamps or fractional durations, and converted to integer milliseconds. Anything that is not a CTRF
 * document gives an empty list.
 */
export function parseCtrfLenient(json: unknown): CtrfTestLite[] {
  const results = rec(rec(json)?.results);
  const tests = Array.isArray(results?.tests) ? (results.tests as unknown[]) : [];
  const summary = rec(results?.summary);
  const start = typeof summary?.start === 'number' ? summary.start : undefined;
  const durations = tests.map((t) => rec(t)?.duration).filter((d): d is number => typeof d === 'number');
  // Epoch seconds are ~1.7e9, epoch milliseconds ~1.7e12.
  const seconds = (start !== undefined && start > 0 && start < 1e11) || durations.some((d) => !Number.isInteger(d));
  const out: CtrfTestLite[] = [];
  for (const raw of tests) {
    const test = rec(raw);
    if (!test || typeof test.name !== 'string') continue;
    const status = typeof test.status === 'string' && STATUSES.has(test.status) ? (test.status as CtrfTestLite['status']) : 'other';
    const duration = typeof test.duration === 'number' && Number.isFinite(test.duration) ? test.duration : 0;
    const filePath = typeof test.filePath === 'string' ? test.filePath : typeof test.file_path === 'string' ? test.file_path : undefined;
    const suite = Array.isArray(test.suite) ? test.suite.filter((s): s is string => typeof s === 'string') : typeof test.suite === 'string' ? [test.suite] : undefined;
    out.push({
      name: test.name,
      status,
      durationMs: Math.max(0, Math.round(seconds ? duration * 1000 : duration)),
      ...(filePath === undefined ? {} : { filePath }),
      ...(typeof test.message === 'string' ? { message: test.message } : {}),
      ...(suite === undefined ? {} : { suite }),
    });
  }
  return out;
}
