export { configSchema, SCOPES } from './schema.js';
export type { AppConfig, ConfigInput, McpServerConfig, Scope, TokenConfig } from './schema.js';
export { loadConfig } from './load.js';
export type { LoadConfigOptions } from './load.js';
export { ENV_KEYS, CONFIG_FILE_ENV } from './env.js';
