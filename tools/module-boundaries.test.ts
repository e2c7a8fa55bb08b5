/**
 * Proves that the package graph is enforced: each forbidden import, written into a probe file inside a project,
 * makes ESLint fail with the boundary rule's own message, while a control probe with only allowed imports passes.
 *
 * Probes live in `<project>/.boundary-probe/`, a folder the lint config ignores, so a normal `nx run-many -t lint`
 * never sees them; this test lints them explicitly with `--no-ignore` and removes them afterwards.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Probe {
  project: string;
  file: string;
  source: string;
}

interface LintMessage {
  ruleId: string | null;
  message: string;
  severity: number;
}

const probes: Record<string, Probe> = {
  skillsbenchImportsStore: {
    project: 'packages/skillsbench',
    file: 'imports-store.ts',
    source: "import * as store from '@agent33/improvement-store';\nexport const probe = store;\n",
  },
  runtimeImportsSqlite: {
    project: 'packages/runtime',
    file: 'imports-sqlite.ts',
    source: "import Database from 'better-sqlite3';\nexport const probe = Database;\n",
  },
  runtimeImportsConnectors: {
    project: 'packages/runtime',
    file: 'imports-connectors.ts',
    source: "import * as connectors from '@agent33/connectors';\nexport const probe = connectors;\n",
  },
  observabilityImportsRuntime: {
    project: 'packages/observability',
    file: 'imports-runtime.ts',
    source: "import * as runtime from '@agent33/runtime';\nexport const probe = runtime;\n",
  },
  connectorsImportsOtelSdk: {
    project: 'packages/connectors',
    file: 'imports-otel-sdk.ts',
    source: "import { MeterProvider } from '@opentelemetry/sdk-metrics';\nexport const probe = MeterProvider;\n",
  },
  controlAllowedImports: {
    project: 'packages/connectors',
    file: 'allowed.ts',
    source:
      "import * as runtime from '@agent33/runtime';\nimport * as observability from '@agent33/observability';\n" +
      "export const probe = [runtime, observability];\n",
  },
};

const probePath = (probe: Probe): string => join(root, probe.project, '.boundary-probe', probe.file);
let results = new Map<string, LintMessage[]>();
let exitCodes = new Map<string, number>();

function lint(files: string[]): { status: number; messages: Map<string, LintMessage[]> } {
  const run = spawnSync('npx', ['eslint', '--no-ignore', '--format', 'json', ...files], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    maxBuffer: 32 * 1024 * 1024,
  });
  const report = JSON.parse(run.stdout) as Array<{ filePath: string; messages: LintMessage[] }>;
  return { status: run.status ?? -1, messages: new Map(report.map((entry) => [entry.filePath, entry.messages])) };
}

const refreshGraph = (): void => {
  // The boundary rule reads Nx's cached project graph (with each file's imports); any nx command refreshes it.
  execFileSync('npx', ['nx', 'show', 'projects'], { cwd: root, stdio: 'ignore', env: { ...process.env, NX_DAEMON: 'false' } });
};

beforeAll(() => {
  // One probe at a time: the graph records every file's imports, so probes present together would form
  // cycles among themselves and blur which import each message is about.
  for (const [name, probe] of Object.entries(probes)) {
    mkdirSync(dirname(probePath(probe)), { recursive: true });
    writeFileSync(probePath(probe), probe.source);
    try {
      refreshGraph();
      const run = lint([probePath(probe)]);
      results.set(name, run.messages.get(probePath(probe)) ?? []);
      exitCodes.set(name, run.status);
    } finally {
      rmSync(dirname(probePath(probe)), { recursive: true, force: true });
    }
  }
  refreshGraph();
});

afterAll(() => {
  results = new Map();
  exitCodes = new Map();
});

const boundaryMessages = (name: string): string[] =>
  (results.get(name) ?? []).filter((message) => message.ruleId === '@nx/enforce-module-boundaries').map((message) => message.message);

describe('module boundaries', () => {
  it('lets a probe with only allowed imports pass (control)', () => {
    expect(results.get('controlAllowedImports')).toEqual([]);
    expect(exitCodes.get('controlAllowedImports')).toBe(0);
  });

  it('stops an L2 package from importing another L2 package', () => {
    expect(exitCodes.get('skillsbenchImportsStore')).toBe(1);
    expect(boundaryMessages('skillsbenchImportsStore')).toContain(
      'A project tagged with "pkg:skillsbench" can only depend on libs tagged with "pkg:runtime", "pkg:observability"',
    );
  });

  it('keeps better-sqlite3 out of the runtime', () => {
    expect(exitCodes.get('runtimeImportsSqlite')).toBe(1);
    expect(boundaryMessages('runtimeImportsSqlite')).toContain('A project tagged with "pkg:runtime" is not allowed to import "better-sqlite3"');
  });

  it('reports the runtime importing connectors as a cycle', () => {
    expect(exitCodes.get('runtimeImportsConnectors')).toBe(1);
    expect(boundaryMessages('runtimeImportsConnectors').join('\n')).toMatch(
      /Circular dependency between "@agent33\/runtime" and "@agent33\/connectors" detected/,
    );
  });

  it('keeps observability a leaf', () => {
    expect(exitCodes.get('observabilityImportsRuntime')).toBe(1);
    expect(boundaryMessages('observabilityImportsRuntime').join('\n')).toMatch(
      /A project tagged with "pkg:observability" cannot depend on any libs with tags|Circular dependency/,
    );
  });

  it('keeps the OpenTelemetry SDK out of library code', () => {
    expect(exitCodes.get('connectorsImportsOtelSdk')).toBe(1);
    expect(boundaryMessages('connectorsImportsOtelSdk')).toContain(
      'A project tagged with "pkg:connectors" is not allowed to import "@opentelemetry/sdk-metrics"',
    );
  });
});
