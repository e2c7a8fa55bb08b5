import type { Counter, Histogram, Meter } from '@opentelemetry/api';
import {
  COST_BUCKETS,
  INVOKE_AGENT_DURATION_BUCKETS,
  METRICS,
  OPERATION_DURATION_BUCKETS,
  TOKEN_BUDGET_BUCKETS,
  TOKEN_USAGE_BUCKETS,
  WORKFLOW_DURATION_BUCKETS,
} from '../semconv.js';

/** The instruments agent telemetry writes, taken from one meter. */
export interface Instruments {
  readonly decisions: Counter;
  readonly outcomes: Counter;
  readonly tokenBudget: Histogram;
  readonly estimatedCost: Histogram;
  readonly exportFailures: Counter;
  readonly genAiCost: Counter;
  readonly unknownModel: Counter;
  readonly tokenUsage: Histogram;
  readonly operationDuration: Histogram;
  readonly invokeAgentDuration: Histogram;
  readonly executeToolDuration: Histogram;
  readonly workflowDuration: Histogram;
}

/** Creates every instrument with its unit, description and bucket advice (API 1.9 `explicitBucketBoundaries`). */
export function createInstruments(meter: Meter): Instruments {
  const histogram = (name: string, unit: string, description: string, buckets: readonly number[]): Histogram =>
    meter.createHistogram(name, { unit, description, advice: { explicitBucketBoundaries: [...buckets] } });
  return {
    decisions: meter.createCounter(METRICS.effortDecisions, { unit: '{decision}', description: 'Effort routing decisions by level, source and routing mode.' }),
    outcomes: meter.createCounter(METRICS.effortOutcomes, { unit: '{invocation}', description: 'Routed invocations by level, source and outcome (ok or taxonomy code).' }),
    tokenBudget: histogram(METRICS.effortTokenBudget, '{token}', 'Routed output token budget per decision.', TOKEN_BUDGET_BUCKETS),
    estimatedCost: histogram(METRICS.effortEstimatedCost, '{USD}', 'Pre-call estimated cost per decision (only when a price is known).', COST_BUCKETS),
    exportFailures: meter.createCounter(METRICS.telemetryExportFailures, { unit: '{event}', description: 'Decision events an exporter failed to export.' }),
    genAiCost: meter.createCounter(METRICS.genAiCost, { unit: '{USD}', description: 'Model call cost, estimated or provider-reported.' }),
    unknownModel: meter.createCounter(METRICS.pricingUnknownModel, { unit: '{call}', description: 'Model calls whose price is unknown (cost recorded as 0).' }),
    tokenUsage: histogram(METRICS.genAiClientTokenUsage, '{token}', 'Number of input and output tokens used.', TOKEN_USAGE_BUCKETS),
    operationDuration: histogram(METRICS.genAiClientOperationDuration, 's', 'GenAI operation duration.', OPERATION_DURATION_BUCKETS),
    invokeAgentDuration: histogram(METRICS.genAiInvokeAgentDuration, 's', 'Agent invocation duration.', INVOKE_AGENT_DURATION_BUCKETS),
    executeToolDuration: histogram(METRICS.genAiExecuteToolDuration, 's', 'Tool execution duration.', OPERATION_DURATION_BUCKETS),
    workflowDuration: histogram(METRICS.genAiWorkflowDuration, 's', 'Workflow duration.', WORKFLOW_DURATION_BUCKETS),
  };
}
