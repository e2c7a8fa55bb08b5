import { composedPackages } from '../../composition/packages.js';
import { APP_VERSION } from '../../version.js';
import type { CliIo } from '../io.js';

/** `agent33 version`: the app's version and every composed library's. */
export function versionCommand(_args: readonly string[], io: CliIo): number {
  io.out(`agent33 ${APP_VERSION}`);
  for (const p of composedPackages()) io.out(`  ${p.name} ${p.version}`);
  return 0;
}
