import { composeApp, type ComposedApp } from '../composition/compose.js';
import { memoryLogger } from '../composition/logger.js';
import { configFor } from './context.js';
import type { CliIo } from './io.js';

/**
 * Composes the app in process (no listener) for one CLI command, runs `fn`, and closes it. Composition warnings go
 * to stderr; the command's own output stays on stdout.
 */
export async function withApp<T>(values: Record<string, unknown>, io: CliIo, fn: (app: ComposedApp) => Promise<T>): Promise<T> {
  const config = configFor(values, io);
  const logger = memoryLogger();
  const app = await composeApp(config, { logger, env: io.env, registerGlobalTelemetry: false });
  for (const line of logger.lines) if (!line.startsWith('info:')) io.err(line);
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

/** Prints a value as JSON (always pretty: commands are read by people and by `jq` alike). */
export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}
