import { composeApp } from '../../composition/compose.js';
import { composedPackages } from '../../composition/packages.js';
import { listen } from '../../composition/server.js';
import { APP_VERSION } from '../../version.js';
import { parseCommandArgs } from '../args.js';
import { configFor, loggerFor } from '../context.js';
import type { CliIo } from '../io.js';

/** Truthy values of `AGENT33_EXIT_AFTER_START`. */
function exitAfterStart(io: CliIo, flag: boolean): boolean {
  const v = io.env['AGENT33_EXIT_AFTER_START']?.toLowerCase();
  return flag || v === '1' || v === 'true' || v === 'yes';
}

/**
 * `agent33 start` (what `npm start` runs): serve with the embedded defaults, seed on first run, exercise the API
 * once, print what happened and where, then keep serving (or exit 0 with `--exit` / `AGENT33_EXIT_AFTER_START=1`).
 */
export async function startCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, { exit: { type: 'boolean' } });
  const config = configFor(values, io);
  const app = await composeApp(config, { logger: loggerFor(io) });
  const server = await listen(app);
  try {
    io.out(`agent33 ${APP_VERSION}`);
    io.out(`composed: ${composedPackages().map((p) => `${p.name}@${p.version}`).join(', ')}`);
    io.out(`data: ${config.dataDir} (SQLite ${config.store.path})`);
    for (const c of app.board.list()) io.out(`  ${c.state.padEnd(11)} ${c.name}: ${c.detail}`);
    const health = await app.http.request(`${server.url}/health`);
    io.out(`health: ${health.status} ${await health.text()}`);
    io.out('');
    io.out(`API        ${server.url}/v1   (OpenAPI: ${server.url}/openapi.json)`);
    io.out(`health     ${server.url}/health   readiness: ${server.url}/ready`);
    io.out(`metrics    ${server.url}/metrics`);
    if (app.credentialsFile !== undefined) io.out(`tokens     ${app.credentialsFile} (bearer tokens; admin token for /v1/admin)`);
    if (exitAfterStart(io, values['exit'] === true)) {
      io.out('exiting after start (AGENT33_EXIT_AFTER_START / --exit)');
      return 0;
    }
    io.out('serving; press Ctrl+C to stop');
    const signal = await io.waitForStop();
    io.out(`${signal}: shutting down`);
    return 0;
  } finally {
    await server.close();
    await app.close();
  }
}
