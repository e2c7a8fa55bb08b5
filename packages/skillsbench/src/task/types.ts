/** A skill condition of a run: no skills, the task's curated skills, skills the agent writes first, or a custom set. */
export type SkillCondition = 'none' | 'curated' | 'self_generated' | { custom: string; skillsDir: string };

/** One skill folder (`environment/skills/<dir>/SKILL.md` plus its scripts, references and assets). */
export interface SkillBundle {
  name: string;
  description: string;
  body: string;
  dir: string;
  /** Paths relative to `dir`, sorted; `assets/` included. */
  files: readonly string[];
  meta: Readonly<Record<string, unknown>>;
}

/** The parsed `task.toml` (Harbor schema 1.0 up to 2.0); unknown keys stay in `raw`. */
export interface TaskToml {
  schemaVersion?: string;
  metadata: { category?: string; difficulty?: 'easy' | 'medium' | 'hard' | string; tags?: string[]; [k: string]: unknown };
  agent: { timeoutSec?: number };
  verifier: { timeoutSec?: number; env?: Record<string, string>; user?: string };
  environment: {
    buildTimeoutSec?: number;
    cpus?: number;
    memoryMb?: number;
    storageMb?: number;
    gpus?: number;
    allowInternet?: boolean;
    networkMode?: string;
    dockerImage?: string;
  };
  raw: Readonly<Record<string, unknown>>;
}

/** A loaded task folder. */
export interface BenchTask {
  id: string;
  dir: string;
  category: string;
  difficulty?: string;
  tags: readonly string[];
  instruction: string;
  toml: TaskToml;
  /** sha256 over the sorted (relative path, file sha256) pairs of the folder. */
  digest: string;
  skills: readonly SkillBundle[];
  paths: { testSh?: string; testPy?: string; solveSh?: string; dockerfile?: string; environmentDir?: string; testsDir?: string };
  /** The tests refer to absolute container paths (`/root/…`): the local driver cannot run this task. */
  requiresContainer: boolean;
}

/** Selects tasks from a loaded set. `max` 0 or absent means no limit. */
export interface TaskFilter {
  ids?: string[];
  categories?: string[];
  excludeCategories?: string[];
  difficulties?: string[];
  max?: number;
}

/** One problem found in a task by {@link validateTask} or the loader. */
export interface TaskDiagnostic {
  taskId: string;
  severity: 'error' | 'warn';
  code: 'missing-file' | 'skill-named-in-instruction' | 'answer-leak' | 'skills-in-image' | 'absolute-paths' | 'toml-parse';
  message: string;
}

/** The stable text key of a condition (`none`, `curated`, `self_generated`, or the custom name). */
export function conditionKey(condition: SkillCondition): string {
  return typeof condition === 'string' ? condition : condition.custom;
}
