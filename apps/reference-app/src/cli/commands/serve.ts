import { composeApp } from '../../composition/compose.js';
import { listen } from '../../composition/server.js';
import { composedPackages } from '../../composition/packages.js';
import { APP_VERSION } from '../../version.js';
import { parseCommandArgs } from '../args.js';
import { configFor, loggerFor } from '../context.js';
import type { CliIo } from '../io.js';

/** `agent33 serve`: compose everything and serve the HTTP API until SIGINT/SIGTERM. */
export async function serveCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, {});
  const config = configFor(values, io);
  const logger = loggerFor(io);
  const app = await composeApp(config, { logger });
  const server = await listen(app);
  io.out(`agent33 ${APP_VERSION} listening on ${server.url}`);
  io.out(`packages: ${composedPackages().map((p) => `${p.name}@${p.version}`).join(', ')}`);
  for (const c of app.board.list()) io.out(`  ${c.state.padEnd(11)} ${c.name}: ${c.detail}`);
  if (app.credentialsFile !== undefined) io.out(`tokens: ${app.credentialsFile}`);
  const signal = await io.waitForStop();
  io.out(`${signal}: shutting down`);
  await server.close();
  await app.close();
  return 0;
}
