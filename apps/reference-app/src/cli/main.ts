import { AppError } from '../errors/index.js';
import { alertsCommand } from './commands/alerts.js';
import { benchCommand } from './commands/bench.js';
import { invokeCommand } from './commands/invoke.js';
import { serveCommand } from './commands/serve.js';
import { signalsCommand } from './commands/signals.js';
import { storeCommand } from './commands/store.js';
import { startCommand } from './commands/start.js';
import { versionCommand } from './commands/version.js';
import { processIo, type CliIo } from './io.js';

type Command = (args: readonly string[], io: CliIo) => Promise<number> | number;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  start: { run: startCommand, help: 'serve with embedded defaults, seed on first run, show a demo (npm start)' },
  serve: { run: serveCommand, help: 'serve the HTTP API until SIGINT/SIGTERM' },
  invoke: { run: invokeCommand, help: 'invoke <agent> [--input JSON] [--set k=v] [--iterative]: one invocation, JSON out' },
  signals: { run: signalsCommand, help: 'signals list|add|summary: learning signals in the store' },
  store: { run: storeCommand, help: 'store migrate|backup|backups|restore|check|import-legacy: SQLite administration' },
  bench: { run: benchCommand, help: 'bench run|report|runs|tasks: SkillsBench with a progress bar, results in SQLite' },
  alerts: { run: alertsCommand, help: 'alert rules and states of a running server (exit 2 while one fires)' },
  version: { run: versionCommand, help: 'print the app and library versions' },
};

/** The usage text. */
export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return [
    'usage: agent33 <command> [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.help}`),
    '',
    'global options: --config <file.json> --data-dir <dir> --demo --host <h> --port <n> --json',
    'environment: AGENT33_* variables (see docs/operations.md)',
  ].join('\n');
}

/** Runs one CLI invocation and returns the exit code: 0 ok, 1 failure, 2 usage error. */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') return versionCommand([], io);
  const command = COMMANDS[name];
  if (command === undefined) {
    io.err(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (AppError.isInstance(error) && error.code === 'APP_USAGE') {
      io.err(`agent33 ${name}: ${error.message}`);
      return 2;
    }
    io.err(`agent33 ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
