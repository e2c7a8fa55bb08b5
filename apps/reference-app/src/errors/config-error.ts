import { AppError } from './app-error.js';

/** One invalid configuration value: the dotted key, where it came from, and what is wrong with it. */
export interface ConfigIssue {
  key: string;
  source: string;
  message: string;
}

/** The configuration (environment, file or flags) did not validate; the message names every bad key. */
export class ConfigError extends AppError {
  readonly code = 'APP_BAD_CONFIG' as const;

  constructor(
    readonly issues: readonly ConfigIssue[],
    options?: { cause?: unknown },
  ) {
    super(
      `Invalid configuration:\n${issues.map((i) => `  - ${i.key} (from ${i.source}): ${i.message}`).join('\n')}`,
      options,
    );
  }
}
