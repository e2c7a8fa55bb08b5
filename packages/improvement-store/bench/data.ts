/**
 * Seeded benchmark data: summaries 20–120 chars, details 0–500, 0–5 context keys, tenants Zipf-distributed,
 * monotonic recorded_at with jitter and 1% back-dated.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewLearningSignal } from '../src/index.js';

export const SMOKE = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1';
/** Rows of the large dataset: 1e5 in smoke runs, 1e6 otherwise (BENCH_ROWS overrides). */
export const LARGE = Number(process.env.BENCH_ROWS ?? (SMOKE ? 100_000 : 1_000_000));

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'database timeout retry checkout payment latency cache queue worker deploy rollback index memory cpu disk network auth token session render'.split(' ');
const TYPES = ['bug', 'incident', 'feedback', 'performance', 'security', 'process'] as const;
const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

function text(r: () => number, min: number, max: number): string {
  const len = min + Math.floor(r() * (max - min + 1));
  let s = '';
  while (s.length < len) s += (s ? ' ' : '') + WORDS[Math.floor(r() * WORDS.length)];
  return s.slice(0, len);
}

/** A generator of signals over `tenants` Zipf-distributed tenants, starting at `startMs`. */
export function signalGenerator(seed: number, tenants = 100, startMs = Date.UTC(2026, 0, 1)) {
  const r = rng(seed);
  const weights = Array.from({ length: tenants }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = weights.map(((sum) => (w: number) => (sum += w / total))(0));
  let t = startMs;
  let n = 0;
  return (): NewLearningSignal => {
    n += 1;
    t += 50 + Math.floor(r() * 100);
    const u = r();
    const tenant = cumulative.findIndex((c) => u <= c);
    const recorded = r() < 0.01 ? t - Math.floor(r() * 86_400_000) : t;
    const contextKeys = Math.floor(r() * 6);
    const context: Record<string, string> = {};
    for (let k = 0; k < contextKeys; k += 1) context[`k${k}`] = WORDS[Math.floor(r() * WORDS.length)]!;
    return {
      signalId: `LS-bench${seed}-${n}`,
      tenantId: `tenant-${tenant < 0 ? tenants - 1 : tenant}`,
      signalType: TYPES[Math.floor(r() * TYPES.length)]!,
      severity: SEVERITIES[Math.floor(r() * SEVERITIES.length)]!,
      summary: text(r, 20, 120),
      details: text(r, 0, 500),
      source: r() < 0.7 ? 'bench' : '',
      context,
      recordedAt: new Date(recorded).toISOString(),
    };
  };
}

/** A fresh temporary folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `store-bench-${prefix}-`));
}
