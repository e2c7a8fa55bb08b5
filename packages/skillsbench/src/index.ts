// errors
export { BenchError } from './errors/bench-error.js';
export { TaskInvalidError } from './errors/task-invalid-error.js';
export { BenchConfigError } from './errors/bench-config-error.js';
export { SandboxError } from './errors/sandbox-error.js';
export { BenchStoreError } from './errors/store-error.js';

// records (runtime port types)
export type {
  BenchTrialOutcome,
  BenchTrialOutcome as TrialOutcome,
  BenchTrialArtifact,
  BenchTrialRecord,
  BenchTrialRecord as TrialRecord,
  BenchRunStatus,
  BenchRunRecord,
  BenchRunSummary,
  BenchResultStore,
} from './records.js';

// task
export type { SkillCondition, SkillBundle, TaskToml, BenchTask, TaskFilter, TaskDiagnostic } from './task/types.js';
export { conditionKey } from './task/types.js';
export { parseTaskToml } from './task/task-toml.js';
export { parseSkillMarkdown, loadSkillsDir } from './task/skill-bundle.js';
export { loadTask, loadTasks, filterTasks, isTaskDir } from './task/loader.js';
export { taskDigest } from './task/digest.js';
export { validateTask, assertedLiterals } from './task/validate.js';

// sandbox
export type {
  ExecResult,
  ExecOptions,
  WorkspaceHandle,
  CtrfTestLite,
  VerifierResult,
  TrialArtifact,
  TrialSandbox,
  SandboxDriver,
} from './sandbox/types.js';
export type { LocalDriverOptions } from './sandbox/local-driver.js';
export { localDriver, DEFAULT_ENV_ALLOWLIST } from './sandbox/local-driver.js';
export type { DockerDriverOptions } from './sandbox/docker-driver.js';
export { dockerDriver, dockerUnavailableReason, stripSkillCopies } from './sandbox/docker-driver.js';
export { groupAlive } from './sandbox/spawn-group.js';

// grader
export { readReward } from './grader/reward.js';
export { parseCtrfLenient } from './grader/ctrf-lenient.js';
export { parseJunitXml } from './grader/junit.js';
export type { TrialTests } from './grader/test-results.js';
export { MAX_KEPT_CASES } from './grader/test-results.js';
export type { Classification } from './grader/classify.js';
export { classifyAttempt } from './grader/classify.js';

// agents
export type { TrialContext, AgentRunResult, AgentUnderTest } from './agent/types.js';
export { oracleAgent, nopAgent, scriptedAgent, commandAgent } from './agent/builtin-agents.js';
export type { AgentTool, AgentToolSet } from './agent/workspace-tools.js';
export { workspaceTools } from './agent/workspace-tools.js';
export type { SkillInjection, RuntimeLike, RuntimeInit, RuntimeAgentOptions } from './agent/runtime-agent.js';
export { runtimeAgent, skillPrompt } from './agent/runtime-agent.js';
export type { AgentRuntimeFactoryOptions } from './agent/agent-runtime-factory.js';
export { agentRuntimeFactory } from './agent/agent-runtime-factory.js';

// scheduler
export type { RunConfig, ResolvedSettings, SerializableRunConfig, Provenance, BenchRunResult, BenchRunEvent, RunHandle } from './scheduler/types.js';
export { startRun, runBenchmark, sortTrials } from './scheduler/run.js';
export type { PlannedTrial } from './scheduler/plan.js';
export { planTrials, trialIdFor, seedFor } from './scheduler/plan.js';
export { Semaphore } from './scheduler/semaphore.js';
export { datasetDigest } from './scheduler/provenance.js';

// stats
export type { Interval, Estimate } from './stats/intervals.js';
export { wilsonInterval, taskMeanEstimate, sampleStdDev } from './stats/intervals.js';
export { passAtK, passHatK, meanPassAtK, meanPassHatK } from './stats/pass-at-k.js';
export { bootstrapMean } from './stats/bootstrap.js';
export { signTest, mcnemarExact, normalizedGain } from './stats/hypothesis-tests.js';
export type { PairedCell, SkillDelta } from './stats/paired-delta.js';
export { pairedSkillDelta } from './stats/paired-delta.js';
export type { CellAggregate, Denominators, RunAggregates, AggregateOptions } from './stats/aggregate.js';
export { aggregate, finalAttempts } from './stats/aggregate.js';
export { mulberry32 } from './stats/rng.js';

// reports
export type { CtrfReport, CtrfTest, CtrfOptions } from './report/ctrf.js';
export type { LegacyCtrfSummary } from './report/ctrf.js';
export { toCtrf, CTRF_SPEC_VERSION, legacyCtrfSummary } from './report/ctrf.js';
export type { ReportFormat } from './report/write-reports.js';
export { writeReports } from './report/write-reports.js';
export type { SkillsBenchJsonReport } from './report/json-report.js';
export { toJsonReport } from './report/json-report.js';
export { toMarkdown } from './report/markdown.js';
export { toHtml } from './report/html.js';

// gate
export type { GateThresholds, GateReport, RegressionEntry } from './gate/compare-runs.js';
export { compareRuns } from './gate/compare-runs.js';

// learning findings
export type { BenchmarkFinding } from './learning/findings.js';
export { benchmarkFindings, emitBenchmarkFindings } from './learning/findings.js';

// stores
export { memoryStore } from './store/memory-store.js';
export { fileStore } from './store/file-store.js';

// harbor
export { importHarborJobs, harborResultToTrial } from './harbor/import-harbor.js';

export { HARNESS_VERSION } from './version.js';

// shipped fixture set
export { miniFixturesDir, miniFixturePolicy, miniFixtureAgent, fixtureSeedHash, fixtureSeedPasses } from './fixtures/mini-fixtures.js';

// command line
export type { CliIo } from './cli/main.js';
export { runCli, USAGE } from './cli/main.js';
