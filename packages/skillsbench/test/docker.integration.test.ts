/**
 * Real Docker runs of fixture tasks (oracle → reward 1, nop → reward 0, skills absent from the no-skills image).
 * Skipped unless `docker info` answers; CI machines without a daemon run the rest of the suite.
 */
import { describe, expect, it } from 'vitest';
import { dockerDriver, dockerUnavailableReason, nopAgent, oracleAgent, runBenchmark, scriptedAgent } from '../src/index.js';
import { miniTask } from './helpers.js';

const unavailable = await dockerUnavailableReason();

describe.skipIf(unavailable !== null)('dockerDriver against a real daemon', () => {
  it('oracle scores 1 and nop 0 on echo-answer', async () => {
    const run = await runBenchmark({ tasks: [await miniTask('echo-answer')], agents: [oracleAgent, nopAgent], conditions: ['none'], trials: 1, driver: dockerDriver(), concurrency: 1 });
    expect(run.trials.map((t) => [t.agentId, t.outcome])).toEqual([['nop', 'failed'], ['oracle', 'passed']]);
  }, 600_000);

  it('the no-skills image holds no skills, the curated one does', async () => {
    const seen: Record<string, string> = {};
    const agent = scriptedAgent(async (ctx) => {
      const r = await ctx.workspace.exec('ls /root/.claude/skills 2>/dev/null | wc -l');
      seen[String(ctx.condition)] = r.stdout.trim();
    }, 'looker');
    await runBenchmark({ tasks: [await miniTask('lint-image-skills')], agents: [agent], conditions: ['none', 'curated'], trials: 1, driver: dockerDriver(), concurrency: 1 });
    expect(seen).toEqual({ none: '0', curated: '1' });
  }, 600_000);
});

describe('docker availability', () => {
  it('is reported with a reason when there is no daemon', () => {
    if (unavailable !== null) expect(unavailable).toMatch(/^Docker daemon not available/);
    else expect(unavailable).toBeNull();
  });
});
