import type { GateReport } from '../gate/compare-runs.js';
import { assertRunResult } from './assert-run.js';
import type { BenchRunResult } from '../scheduler/types.js';
import { reportTables, type Table } from './tables.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function markdownTable(table: Table): string {
  const lines = [`### ${table.title}`, '', `| ${table.head.map(cell).join(' | ')} |`, `|${table.head.map(() => '---').join('|')}|`];
  for (const row of table.rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  if (table.rows.length === 0) lines.push('', '_none_');
  return lines.join('\n');
}

/**
 * A Markdown report: run header and provenance, the denominators (both the trial count and the score-eligible
 * count), Method D and bootstrap scores, paired skill deltas with negative tasks, per-task pass rates, quarantined
 * tasks, and the gate when one is given. Deterministic for a given run.
 */
export function toMarkdown(run: BenchRunResult, opts: { baseline?: BenchRunResult; gate?: GateReport } = {}): string {
  assertRunResult(run);
  const p = run.provenance;
  const parts = [
    `# SkillsBench run ${run.runId}`,
    '',
    `- status: ${run.status}${run.stopReason ? ` (${run.stopReason})` : ''}`,
    `- started: ${new Date(run.createdAt).toISOString()}; finished: ${run.finishedAt === undefined ? '–' : new Date(run.finishedAt).toISOString()}`,
    `- tasks: ${run.config.tasks.length}; agents: ${run.config.agents.map((a) => a.id).join(', ')}; conditions: ${run.config.conditions.join(', ')}; trials: ${run.config.trials}`,
    `- driver: ${run.config.driver}; concurrency: ${run.config.concurrency}; pass threshold: ${run.config.passThreshold}; seed: ${run.config.seed}`,
    `- harness: ${p.harness} ${p.harnessVersion}; node: ${p.node}; git: ${p.gitSha ?? 'unknown'}; dataset: ${p.datasetDigest.slice(0, 16)}`,
    ...(opts.baseline ? [`- baseline run: ${opts.baseline.runId}`] : []),
    '',
    ...reportTables(run).flatMap((t) => [markdownTable(t), '']),
  ];
  if (opts.gate) parts.push('## Regression gate', '', opts.gate.markdown, '');
  return parts.join('\n').trimEnd() + '\n';
}
