/**
 * Environment variables the app reads, each mapped to one dotted configuration key. Values are parsed by the kind
 * of the key (`int`, `bool`, `json`, `csv`, `string`) before validation, so a bad value is reported against both the key and
 * the variable it came from.
 */
export const ENV_KEYS = {
  AGENT33_DATA_DIR: { key: 'dataDir', kind: 'string' },
  AGENT33_HOST: { key: 'server.host', kind: 'string' },
  AGENT33_PORT: { key: 'server.port', kind: 'int' },
  AGENT33_BODY_LIMIT_BYTES: { key: 'server.bodyLimitBytes', kind: 'int' },
  AGENT33_METRICS_AUTH: { key: 'server.metricsAuth', kind: 'bool' },
  AGENT33_TOKENS: { key: 'server.tokens', kind: 'json' },
  AGENT33_DB_PATH: { key: 'store.path', kind: 'string' },
  AGENT33_BACKUP_DIR: { key: 'store.backupDir', kind: 'string' },
  AGENT33_LEARNING_ENABLED: { key: 'store.learningEnabled', kind: 'bool' },
  AGENT33_AUTO_INTAKE: { key: 'store.autoIntakeEnabled', kind: 'bool' },
  AGENT33_DEMO: { key: 'model.demo', kind: 'bool' },
  AGENT33_MODEL_BASE_URL: { key: 'model.baseUrl', kind: 'string' },
  AGENT33_MODEL: { key: 'model.name', kind: 'string' },
  AGENT33_MODEL_API_KEY: { key: 'model.apiKey', kind: 'string' },
  AGENT33_MODEL_TIMEOUT_MS: { key: 'model.timeoutMs', kind: 'int' },
  AGENT33_AGENTS_DIR: { key: 'agents.dir', kind: 'string' },
  AGENT33_SKILLS_DIR: { key: 'agents.skillsDir', kind: 'string' },
  AGENT33_POLICY_PACK: { key: 'connectors.policyPack', kind: 'string' },
  AGENT33_MCP_SERVERS: { key: 'connectors.mcpServers', kind: 'json' },
  AGENT33_WEB_ALLOWLIST: { key: 'connectors.webAllowlist', kind: 'csv' },
  AGENT33_SERVICE_NAME: { key: 'telemetry.serviceName', kind: 'string' },
  AGENT33_PROMETHEUS: { key: 'telemetry.prometheus', kind: 'bool' },
  AGENT33_OTLP_ENDPOINT: { key: 'telemetry.otlpEndpoint', kind: 'string' },
  AGENT33_ALERT_INTERVAL_MS: { key: 'telemetry.alertIntervalMs', kind: 'int' },
  AGENT33_DECISION_LOG: { key: 'telemetry.decisionLog', kind: 'string' },
  AGENT33_DECISION_FAIL_CLOSED: { key: 'telemetry.failClosed', kind: 'bool' },
  AGENT33_BENCH_TASKS_DIR: { key: 'bench.tasksDir', kind: 'string' },
  AGENT33_SEED: { key: 'seed', kind: 'bool' },
} as const satisfies Record<string, { key: string; kind: 'string' | 'int' | 'bool' | 'json' | 'csv' }>;

/** The variable naming an optional JSON configuration file. */
export const CONFIG_FILE_ENV = 'AGENT33_CONFIG';
