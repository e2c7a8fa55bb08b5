// Writes test/fixtures/scoring-corpus.json: >= 200 signals with expected scores, labels, reasons and enrichment,
// derived from the reference rules (quality.py) independently of the package's code:
//   - lengths are code points (Array.from) of the text stripped with Python's str.isspace() set (U+FEFF is kept);
//   - the weighted sum is evaluated with IEEE doubles in the reference's order (summary, details, source, context,
//     severity), as Python does;
//   - rounding to 3 decimals is exact: the double is decomposed into mantissa and exponent (BigInt rational) and
//     rounded half to even, as Python's round() does on the exact binary value.
// Usage: node scripts/generate-scoring-corpus.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PY_SPACE = '\t\n\u000b\f\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';
const strip = (s) => {
  const chars = Array.from(s);
  let a = 0;
  let b = chars.length;
  while (a < b && PY_SPACE.includes(chars[a])) a += 1;
  while (b > a && PY_SPACE.includes(chars[b - 1])) b -= 1;
  return chars.slice(a, b);
};

// Exact value of a double as numerator / 2^k.
function exact(x) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exp === 0) return { num: mant, shift: 1074n };
  mant |= 1n << 52n;
  const e = BigInt(exp) - 1075n;
  return e >= 0n ? { num: mant << e, shift: 0n } : { num: mant, shift: -e };
}

// Python round(x, 3) for 0 <= x <= 1: exact rational, half to even.
function round3(x) {
  const { num, shift } = exact(x);
  const scaled = num * 1000n;
  const den = 1n << shift;
  let q = scaled / den;
  const r = scaled % den;
  if (r * 2n > den || (r * 2n === den && q % 2n === 1n)) q += 1n;
  return Number(q) / 1000;
}

const clamp = (v) => Math.min(1, Math.max(0, v));
const SEV = { low: 0.3, medium: 0.55, high: 0.8, critical: 1.0 };

function expected(s) {
  const summaryLen = strip(s.summary).length;
  const detailsLen = strip(s.details).length;
  const hasSource = strip(s.source).length > 0;
  const ctx = Object.keys(s.context).length;
  let total = clamp(summaryLen / 80) * 0.25;
  total += clamp(detailsLen / 160) * 0.2;
  total += (hasSource ? 1 : 0) * 0.1;
  total += clamp(ctx / 5) * 0.1;
  total += clamp(SEV[s.severity]) * 0.35;
  const score = round3(clamp(total));
  const reasons = [];
  if (summaryLen < 20) reasons.push('summary_too_short');
  if (detailsLen === 0) reasons.push('details_missing');
  if (!hasSource) reasons.push('source_missing');
  if (ctx === 0) reasons.push('context_missing');
  if (reasons.length === 0) reasons.push('well_formed_signal');
  return {
    score,
    label: score >= 0.7 ? 'high' : score >= 0.45 ? 'medium' : 'low',
    reasons,
    enrichment: { has_source: hasSource ? 'true' : 'false', context_items: String(ctx), summary_length: String(summaryLen), details_length: String(detailsLen) },
    raw: total,
  };
}

let seed = 20260110;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const PIECES = ['db', 'timeout', 'café', 'naïve', '🚀', '👍🏽', 'e\u0301', '\ufeff', '\u00a0', 'x', 'retry', 'the quick brown fox', '数据库', '\u2003', 'ok'];
const EDGES = [' ', '\t', '\n', '\u001c', '\u001f', '\u0085', '\ufeff', '\u3000', '\u00a0', ''];
const text = (maxPieces) => {
  const n = Math.floor(rnd() * maxPieces);
  let s = '';
  for (let i = 0; i < n; i += 1) s += (i ? ' ' : '') + pick(PIECES);
  return pick(EDGES) + s + pick(EDGES);
};
const severities = ['low', 'medium', 'high', 'critical'];
const cases = [];
for (let i = 0; i < 220; i += 1) {
  const contextKeys = Math.floor(rnd() * 8);
  const context = {};
  for (let k = 0; k < contextKeys; k += 1) context[`k${k}`] = pick(PIECES);
  const summary = i % 17 === 0 ? 'y'.repeat(20 + (i % 100)) : text(i % 5 === 0 ? 40 : 12);
  const details = i % 11 === 0 ? 'z'.repeat(150 + (i % 30)) : text(i % 3 === 0 ? 60 : 6);
  cases.push({ summary, details, source: pick(['', '  ', 'sentry', '\ufeff', '\u001c', 'pagerduty']), context, severity: severities[i % 4] });
}
// Exact binary ties (k/16 with k odd): Python rounds them half to even, Math.round would round them up.
const ties = [];
for (let s = 0; s <= 80 && ties.length < 12; s += 1) {
  for (let d = 0; d <= 160 && ties.length < 12; d += 8) {
    for (const sev of severities) {
      for (const src of [0, 1]) {
        for (let c = 0; c <= 5; c += 1) {
          const candidate = { summary: 'a'.repeat(s), details: 'b'.repeat(d), source: src ? 's' : '', context: Object.fromEntries(Array.from({ length: c }, (_, k) => [`c${k}`, 'v'])), severity: sev };
          const e = expected(candidate);
          const sixteenths = e.raw * 16;
          if (Number.isInteger(sixteenths) && sixteenths % 2 === 1 && ties.length < 12) ties.push(candidate);
        }
      }
    }
  }
}
cases.push(...ties);
const corpus = cases.map((input) => {
  const { raw, ...out } = expected(input);
  return { input, expected: out, tie: Number.isInteger(raw * 16) && (raw * 16) % 2 === 1 };
});
const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'scoring-corpus.json');
writeFileSync(target, JSON.stringify(corpus, null, 1) + '\n');
console.log(`wrote ${corpus.length} cases (${corpus.filter((c) => c.tie).length} exact ties) to ${target}`);
