/** Where the app writes its operator-facing lines. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** Lines to stderr/stdout with a level prefix; warnings and errors go to stderr. */
export const consoleLogger: Logger = {
  info: (m) => console.log(m),
  warn: (m) => console.error(`warning: ${m}`),
  error: (m, e) => console.error(`error: ${m}${e instanceof Error ? `: ${e.message}` : ''}`),
};

/** A logger that keeps lines in memory (tests, quiet runs). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warning: ${m}`),
    error: (m, e) => lines.push(`error: ${m}${e instanceof Error ? `: ${e.message}` : ''}`),
  };
}
