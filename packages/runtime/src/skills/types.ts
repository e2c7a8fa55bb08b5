import type { AutonomyLevel } from '../policy/types.js';

/** A skill: metadata (L0), instructions (L1) and resources on disk (L2). */
export interface SkillDefinition {
  name: string;
  version: string;
  description: string;
  instructions: string;
  allowedTools: string[];
  disallowedTools: string[];
  toolParameterDefaults: Record<string, Record<string, unknown>>;
  invocationMode: 'user-only' | 'llm-only' | 'both';
  executionContext: 'inline' | 'fork';
  autonomyLevel?: AutonomyLevel;
  approvalRequiredFor: string[];
  scriptsDir?: string;
  templatesDir?: string;
  references: string[];
  tags: string[];
  author?: string;
  status: 'active' | 'deprecated' | 'experimental';
  dependencies: Array<{ name: string; kind: 'skill' | 'tool'; optional: boolean }>;
  schemaVersion: string;
  basePath?: string;
}

/** The outcome of skill matching: kept skills with scores, per-stage counts, rejections and timings. */
export interface SkillMatch {
  skills: Array<{ skill: SkillDefinition; score: number }>;
  stage1Count: number;
  stage2Count: number;
  stage4Count: number;
  rejected: Array<{ name: string; reason: string }>;
  timingsMs: Record<string, number>;
}

/**
 * The optional LLM stages of skill matching. `lenient` (stage 2) returns the names to keep, `strict` (stage 4)
 * audits full instructions for answer leakage. Returning null (or throwing) means "no verdict": the matcher keeps
 * every candidate, as the reference did.
 */
export interface SkillReranker {
  lenient(q: string, c: SkillDefinition[], signal: AbortSignal): Promise<string[] | null>;
  strict(q: string, c: SkillDefinition[], signal: AbortSignal): Promise<{ keep: string[]; reject: Array<{ name: string; reason: string }> } | null>;
}
