/**
 * Vitest global setup shared by every project: gives each test run a temp root of its own and removes it when the
 * run ends, so the SQLite files, sandboxes and data folders that tests create under `os.tmpdir()` never pile up
 * on the machine. Workers and the child processes they spawn inherit `TMPDIR`, so all of them write below it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'agent33-test-'));
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
