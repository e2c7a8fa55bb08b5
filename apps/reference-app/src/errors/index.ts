export { AppError } from './app-error.js';
export { ConfigError } from './config-error.js';
export type { ConfigIssue } from './config-error.js';
export { UsageError } from './usage-error.js';
export { ServiceUnavailableError } from './unavailable-error.js';
