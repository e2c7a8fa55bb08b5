import type { ConnectorRequest } from '../model.js';

/** A policy's verdict; every decision carries a reason. */
export interface GovernanceDecision {
  allowed: boolean;
  reason?: string;
  policyId?: string;
  rule?: string;
}

/** Decides whether a call may proceed (sync fast path; async allowed). */
export interface GovernancePolicy {
  readonly id: string;
  evaluate(request: ConnectorRequest): GovernanceDecision | Promise<GovernanceDecision>;
}

/** MCP tool hints a rule can match. */
export type AnnotationHint = 'readOnlyHint' | 'destructiveHint' | 'idempotentHint' | 'openWorldHint';

/** One allow/deny rule; every given field must match (globs with `*` on connector, operation and tool). */
export interface GovernanceRule {
  effect: 'allow' | 'deny';
  connector?: string;
  operation?: string;
  tool?: string;
  annotations?: Partial<Record<AnnotationHint, boolean>>;
  tenantId?: string;
  reason?: string;
}

/** A named bundle of blocklists and rules. */
export interface PolicyPack {
  readonly name: string;
  readonly description: string;
  readonly blockedConnectors: readonly string[];
  /** Operation names; `connector#operation` scopes one to a connector; `*` globs allowed. */
  readonly blockedOperations: readonly string[];
  readonly rules?: readonly GovernanceRule[];
  /** Outcome when no rule matched. Default `allow`. */
  readonly defaultEffect?: 'allow' | 'deny';
}
