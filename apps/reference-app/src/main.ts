import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli } from './cli/main.js';

/** Runs the `agent33` CLI with the given arguments and returns its exit code. */
export function main(argv: readonly string[]): Promise<number> {
  return runCli(argv);
}

function isEntry(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// Run when executed directly (`tsx src/main.ts …`); bin/agent33.mjs imports `main` from the build instead.
if (isEntry()) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
