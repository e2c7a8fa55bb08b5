import type { GateReport } from '../gate/compare-runs.js';
import { assertRunResult } from './assert-run.js';
import type { BenchRunResult } from '../scheduler/types.js';
import { cellIndex, conditionsOf, pct, reportTables, type Table } from './tables.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const COLORS = ['#8a8f98', '#2f6fdb', '#1f9d55', '#d97706', '#9333ea'];
const CHART_HEIGHT = 160;

function htmlTable(table: Table): string {
  const head = table.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = table.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<h3>${escapeHtml(table.title)}</h3>\n<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows || `<tr><td colspan="${table.head.length}">none</td></tr>`}\n</tbody>\n</table>`;
}

/**
 * The per-task bar chart: for each agent and task, one bar per condition (the baseline beside each skill
 * condition), height proportional to the pass rate. Each bar carries `data-task`, `data-condition` and `data-rate`.
 */
function chart(run: BenchRunResult): string {
  const conditions = conditionsOf(run);
  const index = cellIndex(run);
  const bar = 14;
  const gap = 4;
  const groupGap = 18;
  const bars: string[] = [];
  const labels: string[] = [];
  let x = 40;
  for (const [agent, byTask] of index) {
    for (const [task, byCondition] of [...byTask.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const groupStart = x;
      conditions.forEach((condition, i) => {
        const cell = byCondition.get(condition);
        const rate = cell && cell.n > 0 ? cell.passRate : 0;
        const height = Math.round(rate * CHART_HEIGHT * 100) / 100;
        const y = 10 + CHART_HEIGHT - height;
        bars.push(
          `<rect class="bar" x="${x}" y="${y}" width="${bar}" height="${height}" fill="${COLORS[i % COLORS.length]}" data-agent="${escapeHtml(agent)}" data-task="${escapeHtml(task)}" data-condition="${escapeHtml(condition)}" data-rate="${rate}"><title>${escapeHtml(`${task} · ${condition} · ${agent}: ${cell ? `${cell.c}/${cell.n} ${pct(rate)}` : 'no trials'}`)}</title></rect>`,
        );
        x += bar + gap;
      });
      labels.push(`<text x="${groupStart}" y="${CHART_HEIGHT + 24}" font-size="9" transform="rotate(35 ${groupStart} ${CHART_HEIGHT + 24})">${escapeHtml(index.size > 1 ? `${agent}: ${task}` : task)}</text>`);
      x += groupGap;
    }
  }
  const width = Math.max(x + 20, 320);
  const legend = conditions
    .map((c, i) => `<rect x="${40 + i * 110}" y="${CHART_HEIGHT + 130}" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/><text x="${54 + i * 110}" y="${CHART_HEIGHT + 139}" font-size="10">${escapeHtml(c)}</text>`)
    .join('');
  const axis = `<line x1="36" y1="10" x2="36" y2="${10 + CHART_HEIGHT}" stroke="#444"/><line x1="36" y1="${10 + CHART_HEIGHT}" x2="${width - 10}" y2="${10 + CHART_HEIGHT}" stroke="#444"/><text x="4" y="16" font-size="10">100%</text><text x="12" y="${14 + CHART_HEIGHT}" font-size="10">0%</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Per-task pass rate by condition" width="${width}" height="${CHART_HEIGHT + 150}" viewBox="0 0 ${width} ${CHART_HEIGHT + 150}">${axis}\n${bars.join('\n')}\n${labels.join('\n')}\n${legend}</svg>`;
}

/**
 * A self-contained HTML report: the Markdown report's tables plus one inline SVG chart of per-task pass rates with
 * and without skills. No script, no external stylesheet, image or link; deterministic for a given run.
 */
export function toHtml(run: BenchRunResult, opts: { baseline?: BenchRunResult; gate?: GateReport; title?: string } = {}): string {
  assertRunResult(run);
  const title = opts.title ?? `SkillsBench run ${run.runId}`;
  const p = run.provenance;
  const meta = [
    `status: ${run.status}${run.stopReason ? ` (${run.stopReason})` : ''}`,
    `tasks: ${run.config.tasks.length}; agents: ${run.config.agents.map((a) => a.id).join(', ')}; conditions: ${run.config.conditions.join(', ')}; trials: ${run.config.trials}`,
    `harness: ${p.harness} ${p.harnessVersion}; node: ${p.node}; git: ${p.gitSha ?? 'unknown'}; dataset: ${p.datasetDigest.slice(0, 16)}`,
    ...(opts.baseline ? [`baseline run: ${opts.baseline.runId}`] : []),
  ];
  const gate = opts.gate ? `<h2>Regression gate: ${opts.gate.passed ? 'passed' : 'FAILED'}</h2>\n<pre>${escapeHtml(opts.gate.markdown)}</pre>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1d2330; }
table { border-collapse: collapse; margin-bottom: 1.5rem; font-size: 0.85rem; }
th, td { border: 1px solid #ccd2dc; padding: 0.25rem 0.5rem; text-align: left; }
th { background: #f1f4f8; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<ul>
${meta.map((m) => `<li>${escapeHtml(m)}</li>`).join('\n')}
</ul>
<h2>Per-task pass rate with and without skills</h2>
${chart(run)}
${reportTables(run).map(htmlTable).join('\n')}
${gate}
</body>
</html>
`;
}
