// Runs every bench/*.cases.ts of @agent33/reference-app: ours beside the named peer, one BENCH line per case.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBenchFolder } from '../../../tools/bench/harness.js';

await runBenchFolder({ projectDir: join(dirname(fileURLToPath(import.meta.url)), '..'), project: '@agent33/reference-app' });
