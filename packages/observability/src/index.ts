// ---- errors, clock, result ----
export { Agent33Error, hasMarker } from './errors/agent33-error.js';
export { ObservabilityError } from './errors/observability-error.js';
export { ConfigError } from './errors/config-error.js';
export type { ConfigErrorCode } from './errors/config-error.js';
export { TelemetryExportError } from './errors/telemetry-export-error.js';
export { InvalidInputError } from './errors/invalid-input-error.js';
export { TraceNotFoundError } from './errors/trace-not-found-error.js';
export type { Clock } from './clock.js';
export { systemClock, ManualClock } from './clock.js';
export type { Result } from './result.js';
export { ok, err, unwrap } from './result.js';
export { PACKAGE_NAME, PACKAGE_VERSION } from './version.js';

// ---- effort routing ----
export type {
  EffortLevel,
  EffortSource,
  HeuristicReason,
  KeywordCategory,
  ClassifierConfig,
  EffortTier,
  EffortPolicies,
  EffortRouterConfig,
  EffortRouterInit,
  RouteRequest,
  HeuristicResult,
  RoutingDecision,
  EffortRouter,
} from './effort/types.js';
export { EFFORT_LEVELS, parseEffortLevel } from './effort/types.js';
export { classifierPresets, V1_KEYWORDS, V2_KEYWORD_CATEGORIES } from './effort/classifier-presets.js';
export { classifyEffort } from './effort/classifier.js';
export type { ClassifyOptions } from './effort/classifier.js';
export { pythonJson, compactJson, codePointLength } from './effort/python-json.js';
export type { SerializedPayload, EarlyStop } from './effort/python-json.js';
export { parseEffortPolicyJson, coercePolicyMap, normalisePolicies, lookupPolicy } from './effort/policies.js';
export type { NormalisedPolicies, PolicyMatch } from './effort/policies.js';
export { resolveRouterConfig } from './effort/router-config.js';
export { createEffortRouter } from './effort/router.js';
export { effortRouterConfigFromEnv } from './effort/config-from-env.js';
export { toRoutingMetadataV1 } from './effort/routing-metadata.js';
export type { RoutingMetadataV1 } from './effort/routing-metadata.js';

// ---- pricing ----
export type { TokenUsage } from './pricing/token-usage.js';
export { emptyTokenUsage, addTokenUsage } from './pricing/token-usage.js';
export type { PriceEntry, PriceSource, CostEstimate } from './pricing/price-entry.js';
export type { PricingTable } from './pricing/pricing-table.js';
export { createPricingTable, costOf } from './pricing/pricing-table.js';
export { legacyPricing } from './pricing/legacy-pricing.js';
export { builtinPricing, BUILTIN_PRICING_FETCHED_AT, FREE_PROVIDERS } from './pricing/builtin-pricing.js';

// ---- telemetry ----
export {
  ATTR,
  METRICS,
  SPANS,
  GEN_AI_OPERATIONS,
  OTHER_VALUE,
  TOKEN_USAGE_BUCKETS,
  TOKEN_BUDGET_BUCKETS,
  OPERATION_DURATION_BUCKETS,
  INVOKE_AGENT_DURATION_BUCKETS,
  WORKFLOW_DURATION_BUCKETS,
  COST_BUCKETS,
} from './semconv.js';
export { createAgentTelemetry } from './telemetry/agent-telemetry.js';
export type {
  AgentTelemetry,
  ObservabilityOptions,
  GenAiCallMeta,
  InvokeAgentMeta,
  ToolSpanMeta,
  InvocationOutcome,
  ContentKind,
} from './telemetry/types.js';
export type { DecisionEvent, DecisionEventExporter } from './telemetry/decision-events.js';
export { noopExporter, callbackExporter } from './telemetry/decision-events.js';
export { jsonlFileExporter } from './telemetry/jsonl-file-exporter.js';
export { decisionExportFromEnv } from './telemetry/export-settings.js';
export type { DecisionExportSettings } from './telemetry/export-settings.js';
export type { JsonlFileExporterOptions } from './telemetry/jsonl-file-exporter.js';
export { ValueNormalizer } from './telemetry/value-normalizer.js';
export type { AttributeLimits } from './telemetry/value-normalizer.js';
export { errorTypeOf } from './telemetry/error-type.js';
export { injectTraceContext, extractTraceContext } from './telemetry/propagation.js';

// ---- alerts ----
export type { AttributeValue, MetricSeriesDelta, MetricSnapshot, MetricSource, InProcessAggregator } from './alerts/metric-source.js';

export type { Comparator, Aggregation, Severity, AlertWindow, AlertLevel, AlertRule, AlertState, AlertInstance, AlertEvent, LegacyAlert } from './alerts/types.js';
export { validateAlertRule } from './alerts/rule-validation.js';
export { createInProcessAggregator, AGGREGATOR_BOUNDARIES } from './alerts/in-process-aggregator.js';
export type { InProcessAggregatorOptions, BucketedAggregator } from './alerts/in-process-aggregator.js';
export { createAlertEngine } from './alerts/alert-engine.js';
export type { AlertEngine, AlertEngineOptions } from './alerts/alert-engine.js';
export { defaultEffortAlertRules, effortAlertSettingsFromEnv } from './alerts/default-rules.js';
export type { EffortAlertSettings, EffortAlertEnvSettings } from './alerts/default-rules.js';

// ---- traces, failures, retention ----
export type { FailureCategory, FailureSeverity, FailureCategoryMeta } from './traces/failure-taxonomy.js';
export { FAILURE_CATEGORY_META, FAILURE_CATEGORIES, FAILURE_SEVERITIES, FAILURE_SUBCODES, isFailureCategory, isRetryable, escalateAfter } from './traces/failure-taxonomy.js';
export type {
  TraceStatus,
  ActionStatus,
  TraceAction,
  TraceStep,
  TraceOutcome,
  TraceRecord,
  FailureResolution,
  FailureRecord,
  StartTraceInput,
  TraceActionInput,
  RecordFailureInput,
} from './traces/trace-types.js';
export { TRACE_STATUSES } from './traces/trace-types.js';
export { createIdGenerator } from './traces/ids.js';
export type { IdGenerator, IdGeneratorOptions } from './traces/ids.js';
export { buildFailureRecord, failureFromError } from './traces/failure-record.js';
export type { RecordDeps } from './traces/failure-record.js';
export { TOOL_LOOP_SUBCODES, toolLoopFailure, toolLoopTraceOutcome, toolLoopFailureRecord } from './traces/tool-loop-taxonomy.js';
export type { ToolLoopClassification, ToolLoopFacts } from './traces/tool-loop-taxonomy.js';
export type { TraceStore, TenantScope } from './traces/trace-store.js';
export { createInMemoryTraceStore } from './traces/in-memory-trace-store.js';
export type { InMemoryTraceStoreOptions } from './traces/in-memory-trace-store.js';
export type { ArtifactType, Tier, RetentionPolicy, RetentionItem, RetentionAction } from './retention/retention.js';
export { RETENTION_POLICIES, ARTIFACT_TYPES, getRetentionPolicy, isPermanent, storagePath, planRetention } from './retention/retention.js';

// ---- redaction ----
export { redact, redactString } from './redaction/redact.js';
export type { RedactOptions } from './redaction/redact.js';
