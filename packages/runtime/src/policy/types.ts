import type { Usage } from '../model/types.js';
import type { PreparedToolCall } from '../tools/types.js';
import type { RunSnapshot, ToolCallOutcome } from '../loop/types.js';

/** Who a run acts for: identity, granted scopes and tenant. */
export interface Subject {
  id: string;
  scopes: string[];
  tenantId?: string;
}

/** A policy verdict with the reason and rule the model gets to see. */
export type PolicyDecision =
  | { decision: 'allow' }
  | { decision: 'deny'; reason: string; rule?: string }
  | { decision: 'ask'; reason: string; rule?: string };

/** What a policy knows about the run a call belongs to. */
export interface PolicyContext {
  runId: string;
  agentName?: string;
  subject: Subject;
  workingDir?: string;
  metadata: Readonly<Record<string, unknown>>;
}

/** The tool-policy port: checked before every call, told about every executed call. */
export interface ToolPolicy {
  check(call: PreparedToolCall, ctx: PolicyContext): PolicyDecision | Promise<PolicyDecision>;
  audit?(call: PreparedToolCall, outcome: ToolCallOutcome, ctx: PolicyContext): void;
}

/** Agent autonomy: read-only allows only read-only tools; supervised asks before destructive ones. */
export type AutonomyLevel = 'read-only' | 'supervised' | 'full';

/** A human (or host) decision about a call the policy flagged with `ask`. */
export interface ApprovalDecision {
  callId: string;
  approved: boolean;
  editedArgs?: unknown;
  note?: string;
}

/** The approval port: awaited inline when the policy asks. */
export interface ApprovalHandler {
  request(req: { runId: string; call: PreparedToolCall; reason: string; signal: AbortSignal }): Promise<ApprovalDecision>;
}

/** A budget verdict; `reason` becomes the run's detail when not ok. */
export interface BudgetVerdict {
  ok: boolean;
  reason?: string;
}

/** Run budget port: consulted before each step and tool call and after each model call. */
export interface RunBudget {
  beforeStep(s: RunSnapshot): BudgetVerdict;
  beforeToolCall(c: PreparedToolCall, s: RunSnapshot): BudgetVerdict;
  afterModelCall(u: Usage, s: RunSnapshot): BudgetVerdict;
}
