/**
 * Every telemetry name agent33 records, in one place.
 *
 * The `gen_ai.*`, `mcp.*` and `error.type` names follow the OpenTelemetry GenAI and MCP semantic conventions as of
 * semconv 1.37 (development status). They are defined here rather than imported from
 * `@opentelemetry/semantic-conventions`, whose GenAI constants are deprecated and which lacks the invoke_agent /
 * execute_tool names. The semconv defines no cost attribute or metric, so cost lives under `agent33.*`.
 */

/** Attribute keys. */
export const ATTR = {
  // GenAI semantic conventions
  genAiOperationName: 'gen_ai.operation.name',
  genAiProviderName: 'gen_ai.provider.name',
  genAiSystem: 'gen_ai.system',
  genAiRequestModel: 'gen_ai.request.model',
  genAiResponseModel: 'gen_ai.response.model',
  genAiRequestMaxTokens: 'gen_ai.request.max_tokens',
  genAiRequestTemperature: 'gen_ai.request.temperature',
  genAiResponseId: 'gen_ai.response.id',
  genAiResponseFinishReasons: 'gen_ai.response.finish_reasons',
  genAiTokenType: 'gen_ai.token.type',
  genAiUsageInputTokens: 'gen_ai.usage.input_tokens',
  genAiUsageOutputTokens: 'gen_ai.usage.output_tokens',
  genAiAgentName: 'gen_ai.agent.name',
  genAiAgentId: 'gen_ai.agent.id',
  genAiAgentVersion: 'gen_ai.agent.version',
  genAiConversationId: 'gen_ai.conversation.id',
  genAiToolName: 'gen_ai.tool.name',
  genAiToolType: 'gen_ai.tool.type',
  genAiToolCallId: 'gen_ai.tool.call.id',
  genAiToolCallArguments: 'gen_ai.tool.call.arguments',
  genAiToolCallResult: 'gen_ai.tool.call.result',
  genAiInputMessages: 'gen_ai.input.messages',
  genAiOutputMessages: 'gen_ai.output.messages',
  genAiSystemInstructions: 'gen_ai.system_instructions',
  genAiToolDefinitions: 'gen_ai.tool.definitions',
  genAiWorkflowName: 'gen_ai.workflow.name',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
  // MCP semantic conventions
  mcpMethodName: 'mcp.method.name',
  mcpSessionId: 'mcp.session.id',
  mcpProtocolVersion: 'mcp.protocol.version',
  jsonrpcRequestId: 'jsonrpc.request.id',
  // agent33 effort routing
  effortLevel: 'agent33.effort.level',
  effortSource: 'agent33.effort.source',
  effortRoutingEnabled: 'agent33.effort.routing_enabled',
  effortPolicyKey: 'agent33.effort.policy_key',
  effortTokenMultiplier: 'agent33.effort.token_multiplier',
  effortTokenBudget: 'agent33.effort.token_budget',
  effortEstimatedCost: 'agent33.effort.estimated_cost',
  effortHeuristicConfidence: 'agent33.effort.heuristic.confidence',
  effortHeuristicScore: 'agent33.effort.heuristic.score',
  effortHeuristicReasons: 'agent33.effort.heuristic.reasons',
  effortDomain: 'agent33.effort.domain',
  effortRequestedInvalid: 'agent33.effort.requested_invalid',
  effortOutcome: 'agent33.effort.outcome',
  tenantId: 'agent33.tenant.id',
  costStatus: 'agent33.cost.status',
  exporter: 'agent33.exporter',
  // agent33 connectors
  connectorId: 'agent33.connector.id',
  connectorOperation: 'agent33.connector.operation',
  connectorAttempt: 'agent33.connector.attempt',
  connectorOutcome: 'agent33.connector.outcome',
  connectorBreakerState: 'agent33.connector.breaker_state',
  // agent33 improvement store
  storeOperation: 'agent33.store.operation',
  storeBackend: 'agent33.store.backend',
  // skillsbench trials
  trialTask: 'skillsbench.task',
  trialCondition: 'skillsbench.condition',
  trialAgent: 'skillsbench.agent',
  trialOutcome: 'skillsbench.outcome',
  trialReward: 'skillsbench.reward',
  trialSeed: 'skillsbench.seed',
  // trace correlation
  otelTraceId: 'otel.trace_id',
  otelSpanId: 'otel.span_id',
} as const;

/** Instrument names. */
export const METRICS = {
  effortDecisions: 'agent33.effort.decisions',
  effortOutcomes: 'agent33.effort.outcomes',
  effortTokenBudget: 'agent33.effort.token_budget',
  effortEstimatedCost: 'agent33.effort.estimated_cost',
  telemetryExportFailures: 'agent33.telemetry.export.failures',
  genAiCost: 'agent33.gen_ai.cost',
  pricingUnknownModel: 'agent33.pricing.unknown_model',
  genAiClientTokenUsage: 'gen_ai.client.token.usage',
  genAiClientOperationDuration: 'gen_ai.client.operation.duration',
  genAiInvokeAgentDuration: 'gen_ai.invoke_agent.duration',
  genAiExecuteToolDuration: 'gen_ai.execute_tool.duration',
  genAiWorkflowDuration: 'gen_ai.workflow.duration',
  mcpClientOperationDuration: 'mcp.client.operation.duration',
  connectorCallDuration: 'agent33.connector.call.duration',
  connectorCallOutcomes: 'agent33.connector.call.outcomes',
  connectorBreakerState: 'agent33.connector.breaker.state',
  connectorInFlight: 'agent33.connector.in_flight',
  storeSignalsIngested: 'agent33.store.signals.ingested',
  storeCorruptionDetected: 'agent33.store.corruption.detected',
  storeBackupCompleted: 'agent33.store.backup.completed',
  storeTransactionDuration: 'agent33.store.transaction.duration',
  storeBackupDuration: 'agent33.store.backup.duration',
  storeDbSize: 'agent33.store.db.size',
  storeWalSize: 'agent33.store.wal.size',
} as const;

/** Span names (prefixes take the entity name after a space: `invoke_agent planner`). */
export const SPANS = {
  invokeAgent: 'invoke_agent',
  executeTool: 'execute_tool',
  invokeWorkflow: 'invoke_workflow',
  skillsbenchTrial: 'skillsbench.trial',
  effortDecisionEvent: 'agent33.effort.decision',
} as const;

/** `gen_ai.operation.name` values. */
export const GEN_AI_OPERATIONS = {
  chat: 'chat',
  textCompletion: 'text_completion',
  embeddings: 'embeddings',
  generateContent: 'generate_content',
  invokeAgent: 'invoke_agent',
  executeTool: 'execute_tool',
  createAgent: 'create_agent',
} as const;

/** The value a bounded attribute takes when the real value is not allowed (cardinality guard). */
export const OTHER_VALUE = '_OTHER';

/** `gen_ai.client.token.usage` bucket boundaries (semconv advice). */
export const TOKEN_USAGE_BUCKETS: readonly number[] = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

/** `agent33.effort.token_budget` boundaries: the semconv token buckets up to 1 048 576. */
export const TOKEN_BUDGET_BUCKETS: readonly number[] = TOKEN_USAGE_BUCKETS.filter((boundary) => boundary <= 1048576);

/** `gen_ai.client.operation.duration` and `gen_ai.execute_tool.duration` boundaries (s): 0.01 doubling to 81.92. */
export const OPERATION_DURATION_BUCKETS: readonly number[] = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

/** `gen_ai.invoke_agent.duration` boundaries (s): 0.1 doubling to 409.6. */
export const INVOKE_AGENT_DURATION_BUCKETS: readonly number[] = [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 51.2, 102.4, 204.8, 409.6];

/** `gen_ai.workflow.duration` boundaries (s). */
export const WORKFLOW_DURATION_BUCKETS: readonly number[] = [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];

/** `agent33.effort.estimated_cost` boundaries (USD): 1e-4 … 10. */
export const COST_BUCKETS: readonly number[] = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];
