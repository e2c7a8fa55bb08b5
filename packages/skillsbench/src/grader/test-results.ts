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

/** Per-test results kept on a trial record: the port's counts plus the individual cases (capped). */
export interface TrialTests {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  /** The first {@link MAX_KEPT_CASES} cases, as read from `ctrf.json` or `junit.xml`. */
  cases?: CtrfTestLite[];
}

/** Cases kept per trial; a verifier with thousands of parametrised tests keeps its counts, not every row. */
export const MAX_KEPT_CASES = 200;

/** Counts of a test list, the shape stored on trial records, with the cases themselves (first 200). */
export function countTests(tests: readonly CtrfTestLite[]): TrialTests {
  return {
    total: tests.length,
    passed: tests.filter((t) => t.status === 'passed').length,
    failed: tests.filter((t) => t.status === 'failed').length,
    skipped: tests.filter((t) => t.status === 'skipped' || t.status === 'pending').length,
    cases: tests.slice(0, MAX_KEPT_CASES),
  };
}
