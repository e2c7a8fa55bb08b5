import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverSkills, loadSkillDirectory, loadSkillsFromDirectory, parseSkillMarkdown } from '../src/skills/fs/index.js';
import { SkillRegistry } from '../src/skills/registry.js';
import { SkillMatcher } from '../src/skills/matcher.js';
import { SkillDefinitionError } from '../src/errors/skill-definition-error.js';
import { RuntimeOptionsError } from '../src/errors/runtime-options-error.js';

let root: string;

const skillMd = (name: string, description: string, body = 'Do the thing.'): string =>
  `---\nname: ${name}\ndescription: ${description}\ntags: [ops, deploy]\nallowed-tools: shell, http\n---\n# ${name}\n\n${body}\n`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'agent33-skills-'));
  await mkdir(join(root, 'kubernetes-deploy', 'scripts'), { recursive: true });
  await writeFile(join(root, 'kubernetes-deploy', 'SKILL.md'), skillMd('kubernetes-deploy', 'Deploy containers to Kubernetes', 'Run scripts/apply.sh.'));
  await writeFile(join(root, 'kubernetes-deploy', 'scripts', 'apply.sh'), 'kubectl apply -f manifest.yaml\n');
  await mkdir(join(root, 'yaml-skill', 'templates'), { recursive: true });
  await writeFile(join(root, 'yaml-skill', 'skill.yaml'), 'name: report-writer\ndescription: Write weekly reports\ninstructions: Use the template.\nstatus: experimental\napproval_required_for: [send_email]\n');
  await writeFile(join(root, 'loose.yml'), 'name: loose-skill\ndescription: A loose YAML skill\n');
  await mkdir(join(root, 'broken'), { recursive: true });
  await writeFile(join(root, 'broken', 'SKILL.md'), '---\nname: broken\ndescription: [unclosed\n---\nbody\n');
  await mkdir(join(root, 'invalid'), { recursive: true });
  await writeFile(join(root, 'invalid', 'SKILL.md'), '---\nname: invalid skill\nstatus: gone\n---\nbody\n');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'assets', 'logo.txt'), 'not a skill');
  await writeFile(join(root, 'README.txt'), 'ignored');
  await writeFile(join(root, 'secret.txt'), 'top secret');
  await symlink(join(root, 'secret.txt'), join(root, 'kubernetes-deploy', 'leak.txt'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('SKILL.md parsing', () => {
  it('reads front matter and the markdown body', () => {
    const skill = parseSkillMarkdown(skillMd('a', 'Alpha skill'), { basePath: '/x/a' });
    expect(skill).toMatchObject({ name: 'a', description: 'Alpha skill', tags: ['ops', 'deploy'], allowedTools: ['shell', 'http'], basePath: '/x/a' });
    expect(skill.instructions).toBe('# a\n\nDo the thing.');
  });
  it('explains a missing front matter and invalid YAML with the file name and line', () => {
    expect(() => parseSkillMarkdown('# no front matter', { source: 'x/SKILL.md' })).toThrow(/missing YAML front matter/);
    try {
      parseSkillMarkdown('---\nname: a\ndescription: [oops\n---\n', { source: 'x/SKILL.md' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SkillDefinitionError);
      expect((error as Error).message).toMatch(/x\/SKILL\.md: invalid YAML \(line \d+\)/);
    }
  });
});

describe('loading skill directories', () => {
  it('loads valid skills in sorted order and reports each failure without stopping', async () => {
    const { skills, errors } = await loadSkillsFromDirectory(root);
    expect(skills.map((s) => s.name)).toEqual(['kubernetes-deploy', 'loose-skill', 'report-writer']);
    expect(errors.map((e) => e.path.slice(root.length + 1))).toEqual(['broken', 'invalid']);
    expect(errors[0]?.error).toMatch(/invalid YAML/);
    expect(errors[1]?.error).toMatch(/name: is required/);
    expect(errors[1]?.error).toMatch(/status: must be one of/);
    expect(errors[1]?.error).toMatch(/description: is required/);
  });
  it('detects scripts/ and templates/ and sets basePath to the skill directory', async () => {
    const k8s = await loadSkillDirectory(join(root, 'kubernetes-deploy'));
    expect(k8s.scriptsDir).toBe('scripts');
    expect(k8s.basePath).toBe(join(root, 'kubernetes-deploy'));
    const report = await loadSkillDirectory(join(root, 'yaml-skill'));
    expect(report).toMatchObject({ templatesDir: 'templates', status: 'experimental', approvalRequiredFor: ['send_email'], instructions: 'Use the template.' });
  });
  it('throws a typed error for a missing directory', async () => {
    await expect(loadSkillsFromDirectory(join(root, 'nope'))).rejects.toThrow(RuntimeOptionsError);
  });
  it('registers discovered skills, serves L2 resources safely and matches them', async () => {
    const registry = new SkillRegistry();
    const { loaded, errors } = await discoverSkills(registry, root);
    expect(loaded).toHaveLength(3);
    expect(errors).toHaveLength(2);
    expect(await registry.resource('kubernetes-deploy', 'scripts/apply.sh')).toContain('kubectl apply');
    expect(await registry.resource('kubernetes-deploy', '../secret.txt')).toBeNull();
    expect(await registry.resource('kubernetes-deploy', 'leak.txt')).toBeNull();
    expect(await registry.resource('kubernetes-deploy', 'scripts/apply.sh', { maxBytes: 7 })).toBe('kubectl');
    const match = await new SkillMatcher({ registry }).match('deploy containers on kubernetes');
    expect(match.skills[0]?.skill.name).toBe('kubernetes-deploy');
  });
});
