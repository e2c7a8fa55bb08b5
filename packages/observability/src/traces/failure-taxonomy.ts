/** Failure category codes. */
export type FailureCategory = 'F-ENV' | 'F-INP' | 'F-EXE' | 'F-TMO' | 'F-RES' | 'F-SEC' | 'F-DEP' | 'F-VAL' | 'F-REV' | 'F-UNK';

/** Failure severity, lowest first. */
export type FailureSeverity = 'low' | 'medium' | 'high' | 'critical';

/** What a category means for retries and escalation. */
export interface FailureCategoryMeta {
  readonly name: string;
  readonly retryable: boolean;
  /** Failed attempts before escalating (0 = escalate at once). */
  readonly escalateAfter: number;
  readonly description: string;
}

/** The reference taxonomy, unchanged: the one retryable rule used everywhere in agent33. */
export const FAILURE_CATEGORY_META: Readonly<Record<FailureCategory, FailureCategoryMeta>> = Object.freeze({
  'F-ENV': { name: 'ENVIRONMENT', retryable: true, escalateAfter: 2, description: 'Environment setup, dependencies or permissions' },
  'F-INP': { name: 'INPUT', retryable: false, escalateAfter: 0, description: 'Invalid input' },
  'F-EXE': { name: 'EXECUTION', retryable: true, escalateAfter: 1, description: 'Runtime error during execution' },
  'F-TMO': { name: 'TIMEOUT', retryable: true, escalateAfter: 1, description: 'Time limit exceeded' },
  'F-RES': { name: 'RESOURCE', retryable: true, escalateAfter: 1, description: 'Memory, disk or network exhausted' },
  'F-SEC': { name: 'SECURITY', retryable: false, escalateAfter: 0, description: 'Blocked by security policy' },
  'F-DEP': { name: 'DEPENDENCY', retryable: true, escalateAfter: 3, description: 'External service failure' },
  'F-VAL': { name: 'VALIDATION', retryable: false, escalateAfter: 0, description: 'Output validation failed' },
  'F-REV': { name: 'REVIEW', retryable: false, escalateAfter: 0, description: 'Rejected by reviewer' },
  'F-UNK': { name: 'UNKNOWN', retryable: false, escalateAfter: 0, description: 'Unclassified failure' },
});

/** Every category code. */
export const FAILURE_CATEGORIES: readonly FailureCategory[] = Object.keys(FAILURE_CATEGORY_META) as FailureCategory[];

/** Every severity, lowest first. */
export const FAILURE_SEVERITIES: readonly FailureSeverity[] = ['low', 'medium', 'high', 'critical'];

/** Named subcodes within categories. */
export const FAILURE_SUBCODES: Readonly<Record<string, { category: FailureCategory; description: string }>> = Object.freeze({
  'F-ENV-001': { category: 'F-ENV', description: 'Missing dependency' },
  'F-ENV-002': { category: 'F-ENV', description: 'Permission denied' },
  'F-ENV-003': { category: 'F-ENV', description: 'Missing configuration' },
  'F-INP-001': { category: 'F-INP', description: 'Malformed input' },
  'F-INP-002': { category: 'F-INP', description: 'Missing required input' },
  'F-INP-003': { category: 'F-INP', description: 'Input out of range' },
  'F-EXE-001': { category: 'F-EXE', description: 'Unhandled exception' },
  'F-EXE-002': { category: 'F-EXE', description: 'Command exited non-zero' },
  'F-EXE-003': { category: 'F-EXE', description: 'Assertion failed' },
  'F-TMO-001': { category: 'F-TMO', description: 'Operation timed out' },
  'F-TMO-002': { category: 'F-TMO', description: 'Deadline exceeded' },
  'F-SEC-001': { category: 'F-SEC', description: 'Blocked by policy' },
  'F-SEC-002': { category: 'F-SEC', description: 'Secret or credential detected' },
  'F-VAL-001': { category: 'F-VAL', description: 'Output does not match its schema' },
  'F-VAL-002': { category: 'F-VAL', description: 'Verification failed' },
});

/** True when `value` is a category code. */
export function isFailureCategory(value: unknown): value is FailureCategory {
  return typeof value === 'string' && Object.hasOwn(FAILURE_CATEGORY_META, value);
}

/** Whether failures of this category may be retried. */
export function isRetryable(category: FailureCategory): boolean {
  return FAILURE_CATEGORY_META[category].retryable;
}

/** Failed attempts before escalation for this category. */
export function escalateAfter(category: FailureCategory): number {
  return FAILURE_CATEGORY_META[category].escalateAfter;
}
