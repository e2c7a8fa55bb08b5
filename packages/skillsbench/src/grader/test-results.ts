import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CtrfTestLite } from '../sandbox/types.js';
import { parseCtrfLenient } from './ctrf-lenient.js';
import { parseJunitXml } from './junit.js';

/** Per-test results the verifier left in the logs dir: `ctrf.json` first, else `junit.xml`; none gives undefined. */
export async function readTestResults(logsDir: string): Promise<CtrfTestLite[] | undefined> {
  const ctrf = await readFile(join(logsDir, 'ctrf.json'), 'utf8').catch(() => undefined);
  if (ctrf !== undefined) {
    try {
      const tests = parseCtrfLenient(JSON.parse(ctrf));
      if (tests.length > 0) return tests;
    } catch {
      // Fall through to JUnit.
    }
  }
  const junit = await readFile(join(logsDir, 'junit.xml'), 'utf8').catch(() => undefined);
  if (junit !== undefined) {
    const tests = parseJunitXml(junit);
    if (tests.length > 0) return tests;
  }
  return undefined;
}

/** Counts of a test list, the shape stored on trial records. */
export function countTests(tests: readonly CtrfTestLite[]): { total: number; passed: number; failed: number; skipped: number } {
  return {
    total: tests.length,
    passed: tests.filter((t) => t.status === 'passed').length,
    failed: tests.filter((t) => t.status === 'failed').length,
    skipped: tests.filter((t) => t.status === 'skipped' || t.status === 'pending').length,
  };
}
