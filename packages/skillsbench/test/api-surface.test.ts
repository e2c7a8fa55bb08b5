import { describe, expect, expectTypeOf, it } from 'vitest';
import * as api from '../src/index.js';
import type { AgentRunResult, BenchRunResult, CtrfOptions, CtrfReport, GateReport, GateThresholds, RunConfig, RunHandle, TrialContext } from '../src/index.js';

describe('public API surface', () => {
  it('exports exactly these runtime values', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "BenchConfigError",
        "BenchError",
        "BenchStoreError",
        "CTRF_SPEC_VERSION",
        "DEFAULT_ENV_ALLOWLIST",
        "HARNESS_VERSION",
        "MAX_KEPT_CASES",
        "SandboxError",
        "Semaphore",
        "TaskInvalidError",
        "USAGE",
        "agentRuntimeFactory",
        "aggregate",
        "assertedLiterals",
        "benchmarkFindings",
        "bootstrapMean",
        "classifyAttempt",
        "commandAgent",
        "compareRuns",
        "conditionKey",
        "datasetDigest",
        "dockerDriver",
        "dockerUnavailableReason",
        "emitBenchmarkFindings",
        "fileStore",
        "filterTasks",
        "finalAttempts",
        "fixtureSeedHash",
        "fixtureSeedPasses",
        "groupAlive",
        "harborResultToTrial",
        "importHarborJobs",
        "isTaskDir",
        "legacyCtrfSummary",
        "loadSkillsDir",
        "loadTask",
        "loadTasks",
        "localDriver",
        "mcnemarExact",
        "meanPassAtK",
        "meanPassHatK",
        "memoryStore",
        "miniFixtureAgent",
        "miniFixturePolicy",
        "miniFixturesDir",
        "mulberry32",
        "nopAgent",
        "normalizedGain",
        "oracleAgent",
        "pairedSkillDelta",
        "parseCtrfLenient",
        "parseJunitXml",
        "parseSkillMarkdown",
        "parseTaskToml",
        "passAtK",
        "passHatK",
        "planTrials",
        "readReward",
        "runBenchmark",
        "runCli",
        "runtimeAgent",
        "sampleStdDev",
        "scriptedAgent",
        "seedFor",
        "signTest",
        "skillPrompt",
        "sortTrials",
        "startRun",
        "stripSkillCopies",
        "taskDigest",
        "taskMeanEstimate",
        "toCtrf",
        "toHtml",
        "toJsonReport",
        "toMarkdown",
        "trialIdFor",
        "validateTask",
        "wilsonInterval",
        "workspaceTools",
        "writeReports",
      ]
    `);
  });

  it('key signatures', () => {
    expectTypeOf(api.startRun).parameters.toEqualTypeOf<[RunConfig]>();
    expectTypeOf(api.startRun).returns.toEqualTypeOf<RunHandle>();
    expectTypeOf(api.runBenchmark).returns.toEqualTypeOf<Promise<BenchRunResult>>();
    expectTypeOf(api.passAtK).toEqualTypeOf<(n: number, c: number, k: number) => number>();
    expectTypeOf(api.passHatK).toEqualTypeOf<(n: number, c: number, k: number) => number>();
    expectTypeOf(api.toCtrf).toEqualTypeOf<(run: BenchRunResult, opts?: CtrfOptions) => CtrfReport>();
    expectTypeOf(api.compareRuns).toEqualTypeOf<(current: BenchRunResult, baseline: BenchRunResult, thresholds?: GateThresholds) => GateReport>();
    expectTypeOf<api.AgentUnderTest['run']>().toEqualTypeOf<(ctx: TrialContext) => Promise<AgentRunResult>>();
    expectTypeOf<api.TrialRecord>().toEqualTypeOf<import('@agent33/runtime/ports').BenchTrialRecord>();
    expectTypeOf<api.TrialOutcome>().toEqualTypeOf<'passed' | 'failed' | 'error' | 'timeout' | 'infra' | 'skipped'>();
  });

  it('errors share the BenchError marker and codes', () => {
    const errors = [new api.BenchConfigError('trials', 'bad'), new api.TaskInvalidError('/x', []), new api.SandboxError('s'), new api.BenchStoreError('s')];
    expect(errors.map((e) => e.code)).toEqual(['BENCH_BAD_CONFIG', 'BENCH_TASK_INVALID', 'BENCH_SANDBOX', 'BENCH_STORE']);
    expect(errors.every((e) => api.BenchError.isInstance(e))).toBe(true);
    expect(api.BenchError.isInstance(new Error('x'))).toBe(false);
  });
});
