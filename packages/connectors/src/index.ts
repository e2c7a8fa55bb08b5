// ---- model and executor ----
export type {
  ConnectorId,
  ConnectorRequest,
  CallReport,
  CallContext,
  Handler,
  Middleware,
  ConnectorExecutor,
  Subscription,
  BoundaryMetrics,
} from './model.js';
export { toBoundaryMetrics } from './model.js';
export { createExecutor } from './executor.js';

// ---- boundary ----
export type { BoundaryOptions, BoundaryDescription, BoundaryFetchInit, ConnectorBoundary } from './boundary.js';
export { createBoundary } from './boundary.js';
export type { BoundaryPreset } from './presets.js';
export { DEFAULT_ORDER, COMPAT_ORDER } from './presets.js';
export type { BoundaryEvent, BoundaryEventMap } from './events.js';
export { optionsFromEnv } from './env.js';
export type { RuntimeBoundaryOptions } from './runtime-boundary.js';
export { asRuntimeBoundary } from './runtime-boundary.js';

// ---- governance ----
export type { GovernanceDecision, GovernancePolicy, GovernanceRule, PolicyPack, AnnotationHint } from './governance/types.js';
export type { BlocklistOptions } from './governance/policies.js';
export { allowAll, blocklistPolicy, rulePolicy, allOf } from './governance/policies.js';
export { POLICY_PACKS, getPolicyPack, parseCsv } from './governance/packs.js';
export type { PolicyPackInput } from './governance/resolve.js';

// ---- resilience ----
export type { RetryOptions } from './middleware/retry.js';
export { isIdempotent } from './middleware/retry.js';
export type { BulkheadOptions } from './middleware/bulkhead.js';
export type { RateLimitOptions } from './middleware/rate-limit.js';
export type {
  CircuitState,
  FailureClassifier,
  BreakerOptions,
  BreakerPermit,
  CircuitEvent,
  BreakerSnapshot,
  CircuitBreaker,
  BreakerRegistry,
} from './breaker/types.js';
export type { BreakerRegistryOptions } from './breaker/breaker-registry.js';
export { createBreakerRegistry } from './breaker/breaker-registry.js';
export { ConsecutiveBreaker } from './breaker/circuit-breaker.js';
export { compatClassifier, defaultClassifier } from './classify.js';

// ---- errors ----
export type { ConnectorErrorCode, ConnectorErrorInit } from './errors/connector-error.js';
export { ConnectorError, isConnectorError } from './errors/connector-error.js';
export { GovernanceDeniedError } from './errors/governance-denied-error.js';
export { EgressBlockedError } from './errors/egress-blocked-error.js';
export { ConnectorTimeoutError } from './errors/connector-timeout-error.js';
export { CircuitOpenError } from './errors/circuit-open-error.js';
export { BulkheadRejectedError } from './errors/bulkhead-rejected-error.js';
export { RateLimitedError } from './errors/rate-limited-error.js';
export { ConnectorHttpError } from './errors/connector-http-error.js';
export { ConnectorTransportError } from './errors/connector-transport-error.js';
export { McpProtocolError } from './errors/mcp-protocol-error.js';
export { ConnectorToolError } from './errors/connector-tool-error.js';
export { ConnectorAbortedError } from './errors/connector-aborted-error.js';
export { ConnectorFailureError } from './errors/connector-failure-error.js';
export { UnknownPolicyPackError } from './errors/unknown-policy-pack-error.js';
export { ConnectorConfigError } from './errors/connector-config-error.js';
export { mapConnectorError } from './errors/map-connector-error.js';

// ---- egress ----
export type { EgressPolicy } from './egress/url-guard.js';
export { validateUrl, checkDomainAllowlist, isLocalhostName, DEFAULT_MAX_RESPONSE_BYTES } from './egress/url-guard.js';
export { isBlockedAddress } from './egress/ip.js';
export type { FetchLike } from './egress/guarded-fetch.js';
export { createGuardedFetch, createPinnedLookup, capResponse } from './egress/guarded-fetch.js';

// ---- telemetry ----
export type { TelemetryOptions } from './telemetry/otel.js';
export type { ConnectorMetricsCollector, ConnectorMetricsSummary, ConnectorHealthSummary } from './telemetry/collector.js';
export { percentile } from './telemetry/collector.js';

// ---- built-in tools ----
export type { HttpRequestInput, HttpRequestResult, HttpRequestDryRun } from './tools/http-request-action.js';
export { httpRequestAction } from './tools/http-request-action.js';
export type { WebToolOptions } from './tools/web-tools.js';
export { webFetchTool, readerTool, searchTool } from './tools/web-tools.js';

// ---- testing aids ----
export type { RecordedCall, Recorder } from './record-replay.js';
export { recordHandler, replayHandler } from './record-replay.js';
