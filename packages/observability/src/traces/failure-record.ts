import { systemClock, type Clock } from '../clock.js';
import { createIdGenerator, type IdGenerator } from './ids.js';
import { FAILURE_CATEGORY_META, type FailureCategory, type FailureSeverity } from './failure-taxonomy.js';
import type { FailureRecord, RecordFailureInput } from './trace-types.js';

/** Clock and id source for building records. */
export interface RecordDeps {
  clock?: Clock;
  ids?: IdGenerator;
}

/**
 * Builds a failure record. `classification.code` is the category code (reference behaviour), `retryable` comes from
 * the category metadata and `escalationRequired` is its negation.
 */
export function buildFailureRecord(traceId: string, input: RecordFailureInput, deps: RecordDeps = {}, tenantId = ''): FailureRecord {
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? createIdGenerator({ clock });
  const category: FailureCategory = input.category ?? 'F-UNK';
  const severity: FailureSeverity = input.severity ?? 'medium';
  const retryable = FAILURE_CATEGORY_META[category].retryable;
  return {
    failureId: ids.failureId(),
    traceId,
    tenantId,
    occurredAt: new Date(clock.now()).toISOString(),
    classification: { code: category, subcode: input.subcode ?? '', category, severity },
    message: input.message,
    stackTrace: input.stackTrace ?? '',
    context: { ...(input.context ?? {}) },
    resolution: { retryable, retryCount: 0, escalationRequired: !retryable, escalationTarget: '', resolutionStatus: 'pending', resolutionNotes: '' },
    artifactRefs: [...(input.artifactRefs ?? [])],
  };
}

/** A failure record from a thrown value, keeping its message and stack (default category F-EXE, severity medium). */
export function failureFromError(
  error: unknown,
  traceId: string,
  options: { category?: FailureCategory; severity?: FailureSeverity; subcode?: string } & RecordDeps = {},
): FailureRecord {
  const message = error instanceof Error ? error.message : String(error);
  const stackTrace = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return buildFailureRecord(
    traceId,
    { message, stackTrace, category: options.category ?? 'F-EXE', severity: options.severity ?? 'medium', subcode: options.subcode ?? '' },
    options,
  );
}
