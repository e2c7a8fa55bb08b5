// Rewrites the benchmark table of README.md (between the bench:start / bench:end markers) from bench/baseline.json.
// Usage: node scripts/bench-table.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const baseline = JSON.parse(readFileSync(join(root, 'bench', 'baseline.json'), 'utf8'));
const f = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));
const rows = baseline.results.map((r) => `| ${r.case} | ${f(r.ours)} ${r.unit} | ${r.peerName}: ${f(r.peer)} ${r.unit} | ${f(r.ratio)}${r.higherIsBetter ? ' (higher is better)' : ''} |`);
const table = [
  '<!-- bench:start -->',
  '| case | store | anchor | ratio |',
  '|---|---|---|---|',
  ...rows,
  '',
  `Baseline: ${baseline.date.slice(0, 10)}, Node ${baseline.node}, ${baseline.cores} cores, ${baseline.smoke ? 'smoke' : 'full'} run. The machine is shared, so absolute figures vary run to run; ratios are what the baseline tracks.`,
  '<!-- bench:end -->',
].join('\n');
const readme = join(root, 'README.md');
const text = readFileSync(readme, 'utf8');
const start = text.indexOf('<!-- bench:start -->');
const end = text.indexOf('<!-- bench:end -->');
if (start < 0 || end < 0) throw new Error('README.md has no bench markers');
writeFileSync(readme, text.slice(0, start) + table + text.slice(end + '<!-- bench:end -->'.length));
console.log(`README table rewritten from ${baseline.results.length} results`);
