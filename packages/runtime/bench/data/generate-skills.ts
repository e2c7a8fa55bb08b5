/**
 * Generates the skill-matching benchmark data from `skill-catalog.ts`, deterministically (seeded PRNG, sorted
 * output): `skill-matching-skills.json` (210 skills: 20 domains × 10, plus 10 leaky ones) and
 * `skill-matching-queries.json` (200 graded queries, split 100 dev / 100 test, stratified by kind).
 *
 *   npx tsx bench/data/generate-skills.ts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from './content-samples.js';
import { DOMAINS, LEAKY, NEGATIVE_QUERIES } from './skill-catalog.js';

export interface BenchSkill {
  name: string;
  description: string;
  tags: string[];
  instructions: string;
  status: 'active' | 'deprecated' | 'experimental';
  domain: string;
  leaky?: boolean;
}

export type QueryKind = 'direct' | 'paraphrase' | 'multi' | 'negative' | 'deprecated-only' | 'leaky';

export interface BenchQuery {
  id: string;
  kind: QueryKind;
  split: 'dev' | 'test';
  query: string;
  /** The query as the reference route builds it: agent description + JSON inputs. */
  wrapped: string;
  /** Graded relevance: 2 primary, 1 acceptable. */
  labels: Record<string, 1 | 2>;
  leaky?: string;
  deprecatedTarget?: string;
}

const AGENT_DESCRIPTION = 'Implementer agent that completes engineering, data and operations tasks with tools.';
const STEP_VERBS = ['Check', 'Review', 'Prepare', 'Confirm', 'Record', 'Validate'];

function instructionsFor(name: string, description: string, tags: string[], domain: string, rng: () => number): string {
  const title = name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
  const steps = tags.map((tag, index) => `${index + 1}. ${STEP_VERBS[Math.floor(rng() * STEP_VERBS.length)]} the ${tag.replace(/-/g, ' ')} aspects before moving on, and note anything unusual for the ${domain.replace(/-/g, ' ')} owners.`);
  const extra = Math.floor(rng() * 4);
  const notes = Array.from({ length: extra }, (_, index) => `- Note ${index + 1}: keep changes small, reversible and documented in the ticket.`);
  return [`# ${title}`, '', `Use this skill to ${description.charAt(0).toLowerCase()}${description.slice(1)}.`, '', '## Steps', ...steps, '', '## Notes', ...notes, '- Ask for approval before destructive actions.'].join('\n');
}

function directQuery(description: string, rng: () => number): string {
  const words = description.toLowerCase().replace(/[,.:]/g, '').split(/\s+/);
  const take = Math.min(words.length, 4 + Math.floor(rng() * 5));
  const core = words.slice(0, take).join(' ');
  const templates = ['how do I {d}', '{d}', 'I need to {d}', 'help me {d}', 'can you {d} for our project'];
  return (templates[Math.floor(rng() * templates.length)] as string).replace('{d}', core);
}

export function generate(seed = 20_261_124): { skills: BenchSkill[]; queries: BenchQuery[] } {
  const rng = prng(seed);
  const skills: BenchSkill[] = [];
  const lines = Object.entries(DOMAINS).map(([domain, entries]) => ({ domain, rows: entries.map((line) => line.split('|').map((part) => part.trim())) }));
  lines.forEach(({ domain, rows }, domainIndex) => {
    rows.forEach(([name = '', description = '', tags = ''], index) => {
      const tagList = tags.split(',').filter(Boolean);
      // The legacy skill (last) of the first ten domains is deprecated; their ninth skill is experimental.
      const status = domainIndex < 10 && index === 9 ? 'deprecated' : domainIndex < 10 && index === 8 ? 'experimental' : 'active';
      skills.push({ name, description, tags: tagList, instructions: instructionsFor(name, description, tagList, domain, rng), status, domain });
    });
  });
  for (const leak of LEAKY) {
    const tagList = leak.tags.split(',');
    skills.push({ name: leak.name, description: leak.description, tags: tagList, instructions: `${instructionsFor(leak.name, leak.description, tagList, leak.domain, rng)}\n\n${leak.answer}`, status: 'active', domain: leak.domain, leaky: true });
  }

  const byName = new Map(skills.map((skill) => [skill.name, skill]));
  const related = new Map<string, string[]>();
  for (const { rows } of lines) for (const [name = '', , , , rel = ''] of rows) related.set(name, rel.split(',').map((s) => s.trim()).filter(Boolean));
  const labelsFor = (...names: string[]): Record<string, 1 | 2> => {
    const labels: Record<string, 1 | 2> = {};
    for (const name of names) for (const rel of related.get(name) ?? []) labels[rel] = 1;
    for (const name of names) labels[name] = 2;
    return labels;
  };

  const drafts: Array<Omit<BenchQuery, 'id' | 'split' | 'wrapped'>> = [];
  // 60 paraphrases: the first three skills of every domain, hand-written.
  for (const { rows } of lines) for (const [name = '', , , paraphrase = ''] of rows.slice(0, 3)) drafts.push({ kind: 'paraphrase', query: paraphrase, labels: labelsFor(name) });
  // 70 direct queries over skills 4–9 of each domain (active or experimental).
  const directPool = lines.flatMap(({ rows }) => rows.slice(3, 9).map(([name = '']) => name)).filter((name) => byName.get(name)?.status !== 'deprecated');
  const shuffled = directPool.map((name) => ({ name, key: rng() })).sort((a, b) => a.key - b.key).map((entry) => entry.name);
  for (const name of shuffled.slice(0, 70)) drafts.push({ kind: 'direct', query: directQuery(byName.get(name)?.description ?? name, rng), labels: labelsFor(name) });
  // 30 multi-skill queries: 20 pairs and 10 triples across domains.
  const firstThree = lines.flatMap(({ rows }) => rows.slice(0, 3).map(([name = '', , , paraphrase = '']) => ({ name, paraphrase })));
  for (let index = 0; index < 30; index += 1) {
    const parts = index < 20 ? 2 : 3;
    const chosen = new Set<string>();
    while (chosen.size < parts) chosen.add(directPool[Math.floor(rng() * directPool.length)] as string);
    const names = [...chosen];
    const lead = firstThree[Math.floor(rng() * firstThree.length)] as { name: string; paraphrase: string };
    const text = [lead.paraphrase, ...names.slice(1).map((name) => directQuery(byName.get(name)?.description ?? name, rng))].join(', and also ');
    drafts.push({ kind: 'multi', query: text, labels: labelsFor(lead.name, ...names.slice(1)) });
  }
  for (const query of NEGATIVE_QUERIES) drafts.push({ kind: 'negative', query, labels: {} });
  for (const skill of skills.filter((s) => s.status === 'deprecated')) {
    drafts.push({ kind: 'deprecated-only', query: directQuery(skill.description, rng), labels: {}, deprecatedTarget: skill.name });
  }
  for (const leak of LEAKY) drafts.push({ kind: 'leaky', query: leak.query, labels: labelsFor(leak.target), leaky: leak.name });

  // Stratified split: within each kind, a seeded shuffle, then alternate dev / test.
  const queries: BenchQuery[] = [];
  const kinds: QueryKind[] = ['direct', 'paraphrase', 'multi', 'negative', 'deprecated-only', 'leaky'];
  for (const kind of kinds) {
    const group = drafts.filter((draft) => draft.kind === kind).map((draft) => ({ draft, key: rng() })).sort((a, b) => a.key - b.key);
    group.forEach(({ draft }, index) => {
      queries.push({ id: `${kind}-${String(index + 1).padStart(3, '0')}`, split: index % 2 === 0 ? 'dev' : 'test', wrapped: `${AGENT_DESCRIPTION}\n\nUser request:\n${JSON.stringify({ task: draft.query })}`, ...draft });
    });
  }
  return { skills, queries };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { skills, queries } = generate();
  const here = dirname(fileURLToPath(import.meta.url));
  writeFileSync(join(here, 'skill-matching-skills.json'), JSON.stringify(skills, null, 1) + '\n');
  writeFileSync(join(here, 'skill-matching-queries.json'), JSON.stringify(queries, null, 1) + '\n');
  console.log(`wrote ${skills.length} skills and ${queries.length} queries`);
}
