import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scoreSignal, type SignalSeverity } from '../src/index.js';

interface Case {
  input: { summary: string; details: string; source: string; context: Record<string, string>; severity: SignalSeverity };
  expected: { score: number; label: string; reasons: string[]; enrichment: Record<string, string> };
  tie: boolean;
}

const corpus = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'scoring-corpus.json'), 'utf8')) as Case[];

describe('scoring parity corpus (derived from the reference rules by scripts/generate-scoring-corpus.mjs)', () => {
  it('holds at least 200 cases with emoji, BOM, control whitespace, 0..7 context keys and exact ties', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(corpus.some((c) => /\p{Extended_Pictographic}/u.test(c.input.summary))).toBe(true);
    expect(corpus.some((c) => c.input.summary.includes('\ufeff'))).toBe(true);
    expect(corpus.some((c) => [...(c.input.summary + c.input.details)].some((ch) => ['\u001c', '\u001f', '\u0085'].includes(ch)))).toBe(true);
    expect(new Set(corpus.map((c) => Object.keys(c.input.context).length))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7]));
    expect(corpus.filter((c) => c.tie).length).toBeGreaterThanOrEqual(5);
  });

  it.each(corpus.map((c, i) => [i, c] as const))('case %i', (_i, c) => {
    const got = scoreSignal(c.input);
    expect(got).toEqual(c.expected);
  });
});
