import type { BenchTrialArtifact } from '../records.js';
import type { BenchTask, SkillCondition } from '../task/types.js';

/** The result of one command run in a sandbox. Output keeps the head and tail up to the driver's cap. */
export interface ExecResult {
  exitCode: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
  /** True when either stream was longer than the cap and its middle was dropped. */
  truncated: boolean;
  timedOut: boolean;
  durationMs: number;
  /** Total bytes written to each stream, including the dropped middle. */
  bytes?: { stdout: number; stderr: number };
}

/** Options for one command. */
export interface ExecOptions {
  timeoutMs?: number;
  env?: Record<string, string>;
  /** Relative to the workspace root; must stay inside it. */
  cwd?: string;
  signal?: AbortSignal;
}

/** The agent's view of a trial's workspace: commands and files confined to `root`. */
export interface WorkspaceHandle {
  readonly root: string;
  exec(cmd: string, opts?: ExecOptions): Promise<ExecResult>;
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  list(path?: string): Promise<string[]>;
}

/** One test result read from a CTRF or JUnit file, durations in integer milliseconds. */
export interface CtrfTestLite {
  name: string;
  status: 'passed' | 'failed' | 'skipped' | 'pending' | 'other';
  durationMs: number;
  filePath?: string;
  message?: string;
  suite?: string[];
}

/** What the verifier produced. `kind` is `ok` whenever the verifier ran to completion, reward or not. */
export interface VerifierResult {
  reward: number | null;
  rewards: Record<string, number>;
  exit: ExecResult;
  tests?: CtrfTestLite[];
  kind: 'ok' | 'timeout' | 'verifier_error';
  /** Why the result is a verifier error, when it is one. */
  errorMessage?: string;
}

/** Artifact descriptor, the runtime port's record shape. */
export type TrialArtifact = BenchTrialArtifact;

/** A prepared trial: the workspace for the agent, then the verifier, then clean-up. */
export interface TrialSandbox {
  workspace: WorkspaceHandle;
  runVerifier(task: BenchTask, timeoutMs: number): Promise<VerifierResult>;
  artifacts(): Promise<TrialArtifact[]>;
  /** Kills every process the trial started and removes its files. Safe to call twice. */
  dispose(): Promise<void>;
}

/** Creates trial sandboxes. `local` runs on the host; `docker` runs real task images. */
export interface SandboxDriver {
  readonly kind: 'local' | 'docker' | (string & {});
  supports(task: BenchTask): boolean;
  prepare(task: BenchTask, condition: SkillCondition, trial: { id: string; seed: number; signal?: AbortSignal }): Promise<TrialSandbox>;
}
