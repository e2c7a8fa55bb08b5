/**
 * Checks Nx's project graph against the layered design: exactly the six projects, and only the allowed edges
 * (observability is a leaf; runtime depends on observability; the L2 packages on runtime and/or observability but
 * never on each other; the app on any library; no library on the app).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LIBRARIES = ['observability', 'runtime', 'connectors', 'improvement-store', 'skillsbench'].map((name) => `@agent33/${name}`);
const APP = '@agent33/reference-app';

const ALLOWED: Record<string, readonly string[]> = {
  '@agent33/observability': [],
  '@agent33/runtime': ['@agent33/observability'],
  '@agent33/connectors': ['@agent33/runtime', '@agent33/observability'],
  '@agent33/improvement-store': ['@agent33/runtime', '@agent33/observability'],
  '@agent33/skillsbench': ['@agent33/runtime', '@agent33/observability'],
  [APP]: LIBRARIES,
};

function readGraph(): { nodes: Record<string, unknown>; dependencies: Record<string, Array<{ target: string }>> } {
  const dir = mkdtempSync(join(tmpdir(), 'agent33-graph-'));
  try {
    const file = join(dir, 'graph.json');
    execFileSync('npx', ['nx', 'graph', `--file=${file}`], { cwd: root, stdio: 'ignore', env: { ...process.env, NX_DAEMON: 'false' } });
    return (JSON.parse(readFileSync(file, 'utf8')) as { graph: ReturnType<typeof readGraph> }).graph;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('package graph', () => {
  const graph = readGraph();

  it('has exactly the six projects', () => {
    expect(Object.keys(graph.nodes).sort()).toEqual([...LIBRARIES, APP].sort());
  });

  it('has only the allowed edges between projects', () => {
    const violations: string[] = [];
    for (const [source, edges] of Object.entries(graph.dependencies)) {
      for (const { target } of edges) {
        if (!(target in ALLOWED)) continue; // npm packages are checked by the boundary lint, not here
        if (!ALLOWED[source]?.includes(target)) violations.push(`${source} -> ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('lets every L2 package reach the runtime', () => {
    for (const name of ['@agent33/connectors', '@agent33/improvement-store', '@agent33/skillsbench']) {
      expect(graph.dependencies[name]?.map((edge) => edge.target)).toContain('@agent33/runtime');
    }
  });
});
