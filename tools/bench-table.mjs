#!/usr/bin/env node
// Rewrites the "Latest figures" table of docs/benchmarks.md from every package's committed bench/baseline.json,
// so the table and the baselines the harness compares against never disagree.
//   node tools/bench-table.mjs          rewrite the table
//   node tools/bench-table.mjs --check  exit 1 when the table is out of date
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docPath = join(root, 'docs', 'benchmarks.md');
const START = '<!-- bench-table:start -->';
const END = '<!-- bench-table:end -->';

const format = (value) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  return magnitude >= 100 ? value.toFixed(1) : magnitude >= 1 ? value.toFixed(3) : value.toPrecision(3);
};
const cell = (text) => String(text).replaceAll('|', '\\|');

const rows = [];
for (const name of readdirSync(join(root, 'packages')).sort()) {
  const baselinePath = join(root, 'packages', name, 'bench', 'baseline.json');
  if (!existsSync(baselinePath)) continue;
  const baseline = JSON.parse(readFileSync(baselinePath, 'utf8'));
  for (const result of baseline.results ?? []) {
    const direction = result.higherIsBetter ? ' (higher is better)' : '';
    rows.push(
      `| ${cell(baseline.project ?? `@agent33/${name}`)} | ${cell(result.case)} | ${format(result.ours)}${cell(result.unit)} | ` +
        `${cell(result.peerName)}: ${format(result.peer)}${cell(result.unit)} | ${format(result.ratio)}${direction} | ${baseline.date?.slice(0, 10) ?? ''} |`,
    );
  }
}
const table = [
  START,
  '| package | case | ours | peer | ratio | measured |',
  '|---|---|---|---|---|---|',
  ...rows,
  END,
].join('\n');

const doc = readFileSync(docPath, 'utf8');
const start = doc.indexOf(START);
const end = doc.indexOf(END);
const updated = start >= 0 && end > start ? doc.slice(0, start) + table + doc.slice(end + END.length) : `${doc.trimEnd()}\n\n${table}\n`;
if (process.argv.includes('--check')) {
  if (updated !== doc) {
    console.error('docs/benchmarks.md is out of date: run node tools/bench-table.mjs');
    process.exit(1);
  }
  console.log('docs/benchmarks.md matches the committed baselines');
} else {
  writeFileSync(docPath, updated);
  console.log(`docs/benchmarks.md: ${rows.length} cases`);
}
