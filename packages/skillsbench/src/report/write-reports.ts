import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BenchConfigError } from '../errors/bench-config-error.js';
import type { GateReport } from '../gate/compare-runs.js';
import type { BenchRunResult } from '../scheduler/types.js';
import { toCtrf, type CtrfOptions } from './ctrf.js';
import { toHtml } from './html.js';
import { toJsonReport } from './json-report.js';
import { toMarkdown } from './markdown.js';

/** A report format the writer knows. */
export type ReportFormat = 'ctrf' | 'json' | 'md' | 'html';

const FILE: Record<ReportFormat, string> = { ctrf: 'ctrf.json', json: 'run.json', md: 'report.md', html: 'report.html' };

/**
 * Writes the chosen reports of a run into `out` (created with its parents): `ctrf.json`, `run.json`, `report.md`,
 * `report.html`. Returns the paths written, in format order.
 */
export async function writeReports(
  run: BenchRunResult,
  opts: { out: string; formats?: readonly ReportFormat[]; ctrf?: CtrfOptions; baseline?: BenchRunResult; gate?: GateReport },
): Promise<string[]> {
  const formats = opts.formats ?? ['ctrf', 'json', 'md', 'html'];
  for (const f of formats) if (!(f in FILE)) throw new BenchConfigError('formats', `unknown report format ${String(f)}`);
  await mkdir(opts.out, { recursive: true });
  const extra = { ...(opts.baseline ? { baseline: opts.baseline } : {}), ...(opts.gate ? { gate: opts.gate } : {}) };
  const written: string[] = [];
  for (const format of formats) {
    const path = join(opts.out, FILE[format]);
    const body =
      format === 'ctrf' ? JSON.stringify(toCtrf(run, opts.ctrf), null, 2) + '\n'
      : format === 'json' ? JSON.stringify(toJsonReport(run), null, 2) + '\n'
      : format === 'md' ? toMarkdown(run, extra)
      : toHtml(run, extra);
    await writeFile(path, body);
    written.push(path);
  }
  return written;
}
