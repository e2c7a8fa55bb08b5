import { loadConfig, type AppConfig } from '../config/index.js';
import type { Logger } from '../composition/logger.js';
import { overridesFrom } from './args.js';
import type { CliIo } from './io.js';

/** Loads the configuration for a command from its global flags, the environment and the optional file. */
export function configFor(values: Record<string, unknown>, io: CliIo): AppConfig {
  const file = typeof values['config'] === 'string' ? values['config'] : undefined;
  return loadConfig({ env: io.env, cwd: io.cwd, overrides: overridesFrom(values), ...(file === undefined ? {} : { file }) });
}

/** A logger over the command's output streams. */
export function loggerFor(io: CliIo): Logger {
  return {
    info: (m) => io.out(m),
    warn: (m) => io.err(`warning: ${m}`),
    error: (m, e) => io.err(`error: ${m}${e instanceof Error ? `: ${e.message}` : ''}`),
  };
}
