import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { appRoot } from '../app-root.js';

const require = createRequire(import.meta.url);

/** What a first-run seeding did. */
export interface SeedReport {
  seeded: boolean;
  agentsDir: string;
  agents: string[];
  skillsDir: string;
  skills: string[];
  tasksDir: string;
  tasks: string[];
}

/** The app's own demo agent definitions (`demo/agents/` in the app package). */
export function demoAgentsDir(): string {
  return join(appRoot(), 'demo', 'agents');
}

function packageDir(name: string): string | undefined {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

/** Where the data directory keeps agent definitions and benchmark tasks. */
export function seededPaths(dataDir: string): { agentsDir: string; skillsDir: string; tasksDir: string; marker: string } {
  return {
    agentsDir: join(dataDir, 'agents'),
    skillsDir: join(dataDir, 'skills'),
    tasksDir: join(dataDir, 'bench', 'tasks'),
    marker: join(dataDir, 'seeded.json'),
  };
}

function jsonFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')) : [];
}

/**
 * First-run seeding: copies the demo agent definitions (the app's own, plus the runtime's shipped definitions when
 * the installed runtime has them), the app's demo skills and SkillsBench's fixture task set into the data directory, then writes a marker
 * so later starts leave operator edits alone.
 */
export function seedDataDir(dataDir: string, now: () => number = Date.now): SeedReport {
  const { agentsDir, skillsDir, tasksDir, marker } = seededPaths(dataDir);
  const list = (): Pick<SeedReport, 'agents' | 'skills' | 'tasks'> => ({
    agents: jsonFiles(agentsDir).map((f) => f.replace(/\.json$/, '')).sort(),
    skills: existsSync(skillsDir) ? readdirSync(skillsDir).sort() : [],
    tasks: existsSync(tasksDir) ? readdirSync(tasksDir).sort() : [],
  });
  if (existsSync(marker)) return { seeded: false, agentsDir, skillsDir, tasksDir, ...list() };

  mkdirSync(agentsDir, { recursive: true });
  const sources = [demoAgentsDir()];
  const runtimeDir = packageDir('@agent33/runtime');
  if (runtimeDir !== undefined) sources.push(join(runtimeDir, 'agent-definitions'));
  for (const source of sources) {
    for (const file of jsonFiles(source)) {
      const target = join(agentsDir, file);
      if (!existsSync(target)) cpSync(join(source, file), target);
    }
  }
  const demoSkills = join(appRoot(), 'demo', 'skills');
  if (existsSync(demoSkills)) cpSync(demoSkills, skillsDir, { recursive: true, force: false, errorOnExist: false });
  const benchDir = packageDir('@agent33/skillsbench');
  const fixtures = benchDir === undefined ? undefined : join(benchDir, 'fixtures', 'mini', 'tasks');
  if (fixtures !== undefined && existsSync(fixtures)) {
    mkdirSync(tasksDir, { recursive: true });
    cpSync(fixtures, tasksDir, { recursive: true, force: false, errorOnExist: false });
  }
  const report = { seeded: true, agentsDir, skillsDir, tasksDir, ...list() };
  const summary = { seededAt: new Date(now()).toISOString(), agents: report.agents, skills: report.skills, tasks: report.tasks };
  writeFileSync(marker, `${JSON.stringify(summary, null, 2)}\n`);
  return report;
}
