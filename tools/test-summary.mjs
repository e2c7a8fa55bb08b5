#!/usr/bin/env node
// Sums every vitest run's JSON report into the suite's closing line, `N passed, N failed`.
// A project whose report is missing counts as a failure: a test target that never ran must not pass silently.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every folder whose vitest run the summary expects: each workspace project with a test script, plus tools/. */
function expectedReportDirs() {
  const dirs = [];
  for (const group of ['packages', 'apps']) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const name of readdirSync(groupDir)) {
      const manifest = join(groupDir, name, 'package.json');
      if (!existsSync(manifest)) continue;
      const scripts = JSON.parse(readFileSync(manifest, 'utf8')).scripts ?? {};
      if (scripts.test) dirs.push(join(groupDir, name));
    }
  }
  dirs.push(join(root, 'tools'));
  return dirs;
}

let passed = 0;
let failed = 0;
let missing = 0;
for (const dir of expectedReportDirs()) {
  const report = join(dir, 'test-results', 'vitest.json');
  const name = relative(root, dir);
  if (!existsSync(report)) {
    console.error(`test-summary: no vitest report for ${name} (expected ${relative(root, report)})`);
    missing += 1;
    continue;
  }
  const data = JSON.parse(readFileSync(report, 'utf8'));
  const projectFailed = (data.numFailedTests ?? 0) + (data.numRuntimeErrorTests ?? 0);
  passed += data.numPassedTests ?? 0;
  failed += projectFailed;
  // A file that fails to load has no tests to count but still fails the suite.
  const brokenSuites = (data.testResults ?? []).filter((suite) => suite.status === 'failed' && suite.assertionResults?.length === 0).length;
  failed += brokenSuites;
  console.error(`test-summary: ${name}: ${data.numPassedTests ?? 0} passed, ${projectFailed + brokenSuites} failed`);
}
failed += missing;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
