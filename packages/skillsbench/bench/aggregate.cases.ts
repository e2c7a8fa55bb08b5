// H4 of the skillsbench spec: aggregate() over 1e5 trial records against a plain loop summing per-cell counts.
import type { BenchCase } from '../../../tools/bench/harness.js';
import { aggregate, mulberry32, type TrialRecord } from '../src/index.js';

const TASKS = 100;
const CONDITIONS = ['none', 'curated'];
const PER_CELL = 500;

function records(): TrialRecord[] {
  const random = mulberry32(1);
  const out: TrialRecord[] = [];
  for (let t = 0; t < TASKS; t += 1) {
    const p = random();
    for (const condition of CONDITIONS) {
      for (let i = 0; i < PER_CELL; i += 1) {
        const passed = random() < p;
        out.push({
          runId: 'bench', trialId: `${t}-${condition}-${i}`, attempt: 1, taskId: `task-${t}`, taskDigest: 'd', category: `cat-${t % 10}`, agentId: 'agent', condition, trialIndex: i, seed: i,
          outcome: passed ? 'passed' : 'failed', scoreEligible: true, reward: passed ? 1 : 0, startedAt: 0, finishedAt: 1, agentMs: 1, verifierMs: 0,
          usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, reasoningOutputTokens: 0, costUsd: 0 }, toolCalls: 0, iterations: 0, skillsInvoked: [], artifacts: [],
        });
      }
    }
  }
  return out;
}

let data: TrialRecord[] = [];

export const cases: BenchCase[] = [
  {
    name: 'H4 aggregate() over 1e5 trial records',
    unit: 'ms',
    setup: () => {
      data = records();
    },
    ours: () => aggregate(data),
    peer: {
      name: 'plain-count-loop',
      run: () => {
        const cells = new Map<string, { n: number; c: number }>();
        for (const r of data) {
          const key = `${r.taskId}\0${r.agentId}\0${r.condition}`;
          const cell = cells.get(key) ?? { n: 0, c: 0 };
          cell.n += 1;
          if (r.outcome === 'passed') cell.c += 1;
          cells.set(key, cell);
        }
        return cells;
      },
    },
  },
];
