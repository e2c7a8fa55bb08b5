/** Where a command writes; tests capture it. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Resolves when the operator asks the process to stop (SIGINT/SIGTERM). */
  waitForStop(): Promise<string>;
  /** Whether stderr is a terminal (progress bars redraw in place only there). */
  isTty: boolean;
  /** Writes raw text to stderr (progress redraws). */
  raw(text: string): void;
}

/** The process's own streams, environment and signals. */
export function processIo(): CliIo {
  return {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    env: process.env,
    // npm scripts run in the package folder; INIT_CWD is where the operator typed the command.
    cwd: process.env['INIT_CWD'] ?? process.cwd(),
    isTty: process.stderr.isTTY === true,
    raw: (t) => process.stderr.write(t),
    waitForStop: () =>
      new Promise((resolve) => {
        const stop = (signal: string): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve(signal);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      }),
  };
}
