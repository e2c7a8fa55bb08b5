import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harborResultToTrial, importHarborJobs, parseCtrfLenient, parseJunitXml, type TrialRecord } from '../src/index.js';

const data = join(import.meta.dirname, 'data');

describe('parseCtrfLenient', () => {
  it('reads pytest-json-ctrf output: seconds → integer ms, file_path → filePath', async () => {
    const tests = parseCtrfLenient(JSON.parse(await readFile(join(data, 'pytest-ctrf', 'ctrf.json'), 'utf8')));
    expect(tests).toEqual([
      { name: 'test_outputs.py::test_file_exists', status: 'passed', durationMs: 1, filePath: '/tests/test_outputs.py' },
      { name: 'test_outputs.py::test_values', status: 'passed', durationMs: 13, filePath: '/tests/test_outputs.py' },
      { name: 'test_outputs.py::test_format', status: 'failed', durationMs: 1500, filePath: '/tests/test_outputs.py', message: 'AssertionError: expected 3 columns' },
    ]);
  });

  it('keeps schema-valid CTRF milliseconds as they are', () => {
    const tests = parseCtrfLenient({ results: { summary: { start: 1767268800000 }, tests: [{ name: 'a', status: 'passed', duration: 250, filePath: 'x.py', suite: ['s', 't'] }, { name: 'b', status: 'weird', duration: 3 }] } });
    expect(tests).toEqual([
      { name: 'a', status: 'passed', durationMs: 250, filePath: 'x.py', suite: ['s', 't'] },
      { name: 'b', status: 'other', durationMs: 3 },
    ]);
  });

  it('anything else gives no tests', () => {
    expect(parseCtrfLenient(null)).toEqual([]);
    expect(parseCtrfLenient({ results: { tests: 'nope' } })).toEqual([]);
    expect(parseCtrfLenient([1, 2])).toEqual([]);
  });
});

describe('parseJunitXml', () => {
  it('reads pytest JUnit: statuses, messages, seconds → ms', async () => {
    const tests = parseJunitXml(await readFile(join(data, 'pytest-ctrf', 'junit.xml'), 'utf8'));
    expect(tests.map((t) => [t.name, t.status, t.durationMs])).toEqual([
      ['test_outputs::test_file_exists', 'passed', 1],
      ['test_outputs::test_numbers_in_order', 'failed', 12],
      ['test_outputs::test_skipped', 'skipped', 0],
    ]);
    expect(tests[1]?.message).toBe("AssertionError: assert [] == ['1', '2']");
  });
});

describe('importHarborJobs', () => {
  it('maps every trial result.json (not the job one) to a trial record', async () => {
    const records: TrialRecord[] = [];
    for await (const r of importHarborJobs(join(data, 'harbor-job'))) records.push(r);
    expect(records.map((r) => [r.taskId, r.trialId, r.outcome, r.reward, r.trialIndex])).toEqual([
      ['citation-check', 'citation-check__0a0b0c', 'timeout', null, 0],
      ['echo-answer', 'echo-answer__a1b2c3', 'passed', 1, 0],
      ['echo-answer', 'echo-answer__d4e5f6', 'failed', 0, 1],
    ]);
    const passed = records[1] as TrialRecord;
    expect(passed).toMatchObject({
      runId: '2026-01-01__12-00-00',
      agentId: 'claude-code',
      model: 'anthropic/claude-opus-4-5',
      taskDigest: '3b5d5c3712955042212316173ccf37be800c6b5e1d1f2b3a4c5d6e7f8a9b0c1d',
      agentMs: 60_000,
      verifierMs: 10_250,
      scoreEligible: true,
      usage: { inputTokens: 12000, outputTokens: 900, cacheReadInputTokens: 8000, costUsd: 0.0875 },
    });
    expect(passed.finishedAt - passed.startedAt).toBe(90_500);
    // verifier/ctrf.json beside the result (pytest-json-ctrf, seconds) gives the test counts and cases in ms.
    expect(passed.tests).toMatchObject({ total: 3, passed: 2, failed: 1, skipped: 0 });
    expect((passed.tests as { cases?: Array<{ durationMs: number }> }).cases?.map((c) => c.durationMs)).toEqual([1, 13, 1500]);
    expect(records[2]?.tests).toBeUndefined();
    expect(records[0]).toMatchObject({ errorKind: 'harbor_exception', errorMessage: 'Agent execution timed out after 900.0 seconds', scoreEligible: false });
  });

  it('ignores JSON that is not a trial result', () => {
    expect(harborResultToTrial({ id: 'x', n_total_trials: 1 }, 'job')).toBeUndefined();
  });
});
