import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import { MissingInputError } from '../errors/missing-input-error.js';
import { HeuristicCounter } from '../context/counter.js';
import { DEFAULT_CONTEXT_WINDOW, lookupContextWindow } from '../context/limits.js';
import type { Message } from '../model/types.js';
import type { ExecutionRouter, IdGenerator, RoutingDecision } from '../ports/index.js';
import type { AutonomyLevel } from '../policy/types.js';
import { buildSkillBlocks, skillApprovalRules, skillAutonomy, skillQuery, skillToolParameterDefaults, skillToolSelection } from '../skills/inject.js';
import type { SkillDefinition } from '../skills/types.js';
import type { ToolSet } from '../tools/types.js';
import { safeRecord, type HookCaller } from '../loop/hooks.js';
import type { AgentDefinition } from './definition.js';
import { buildSystemPrompt } from './prompt.js';
import type { IterativeOptions, Prepared, RuntimeDeps } from './runtime-types.js';

/** What preparation needs from the runtime façade. */
export interface InvocationHost {
  readonly deps: RuntimeDeps;
  readonly router: ExecutionRouter;
  readonly ids: IdGenerator;
  resolveAgent(agent: string | AgentDefinition): AgentDefinition;
  hooks(): HookCaller;
}

/**
 * Prepares an invocation: required inputs are validated first (before any port is called), then effort routing,
 * skill matching and budgeted skill blocks, memory recall, and the system prompt and first messages.
 */
export async function prepareInvocation(host: InvocationHost, agent: string | AgentDefinition, inputs: Record<string, unknown>, o: IterativeOptions, iterative: boolean): Promise<Prepared> {
  const deps = host.deps;
  const def = host.resolveAgent(agent);
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) throw new RuntimeOptionsError('inputs must be an object');
  // Validate first: no recall, routing or skill matching is paid for a request that cannot run.
  for (const [name, p] of Object.entries(def.inputs)) {
    if (p.required && (inputs[name] === undefined || inputs[name] === null)) throw new MissingInputError(name);
  }
  const defaultModel = o.model ?? deps.defaultModel;
  if (defaultModel === undefined || defaultModel === '') throw new RuntimeOptionsError('no model: pass options.model or deps.defaultModel');
  const runId = host.ids.next('run');
  let model = defaultModel;
  let maxTokens = def.constraints.maxTokens;
  let decision: RoutingDecision | undefined;
  {
    decision = host.router.resolve({
      defaultModel,
      maxTokens,
      ...(o.model !== undefined ? { requestedModel: o.model } : {}),
      ...(o.effort !== undefined ? { effort: o.effort } : {}),
      ...(o.tenantId !== undefined ? { tenantId: o.tenantId } : {}),
      ...(o.domain !== undefined ? { domain: o.domain } : {}),
      inputs,
      iterative,
      ...(iterative && o.maxIterations !== undefined ? { maxIterations: o.maxIterations } : {}),
    });
    model = decision.model;
    maxTokens = decision.maxTokens;
    host.hooks().call('onRoutingDecision', decision);
    safeRecord(deps.learning?.record.bind(deps.learning), { type: 'routing', runId, decision }, () => undefined);
  }

  let activeSkills = o.activeSkills ?? def.skills;
  const scores = new Map<string, number>();
  if (o.activeSkills === undefined && deps.skillMatcher !== undefined && def.skills.length > 0) {
    const query = skillQuery(def.description, inputs);
    try {
      const match = await deps.skillMatcher.match(query, { allow: def.skills, ...(o.signal !== undefined ? { signal: o.signal } : {}) });
      host.hooks().call('onSkillMatch', { runId, match });
      safeRecord(deps.learning?.record.bind(deps.learning), { type: 'skill-match', runId, query, match }, () => undefined);
      if (match.skills.length > 0) {
        activeSkills = match.skills.map((s) => s.skill.name);
        for (const s of match.skills) scores.set(s.skill.name, s.score);
      }
    } catch {
      // Parity: a failing matcher falls back to the configured skills.
    }
  }
  let skills: string | undefined;
  const catalog = deps.skills;
  if (catalog !== undefined && (def.skills.length > 0 || activeSkills.length > 0)) {
    const resolve = (names: readonly string[]): SkillDefinition[] => names.map((n) => catalog.get(n)).filter((x): x is SkillDefinition => x !== undefined);
    const window = deps.models.capabilities?.(model)?.contextWindow ?? lookupContextWindow(model) ?? DEFAULT_CONTEXT_WINDOW;
    const blocks = buildSkillBlocks(
      resolve(activeSkills).map((skill, i) => ({ skill, score: scores.get(skill.name) ?? activeSkills.length - i })),
      resolve(def.skills),
      { maxTokens: deps.maxSkillTokens ?? Math.floor(window * 0.15), counter: deps.counter ?? new HeuristicCounter() },
    );
    const missing = activeSkills.filter((n) => catalog.get(n) === undefined).map((n) => `## Active Skill: ${n}\n(skill not found)`);
    skills = [...(def.skills.length > 0 ? [blocks.l0] : []), ...blocks.l1, ...missing].join('\n\n');
  }
  let memory: string[] | undefined;
  if (deps.memory !== undefined) {
    try {
      const items = await deps.memory.search(JSON.stringify(inputs), { topK: 5, level: 'index', ...(o.signal !== undefined ? { signal: o.signal } : {}) });
      memory = items.map((i) => i.content);
    } catch {
      memory = undefined;
    }
  }
  let preamble: string | undefined;
  if (def.prompts.system !== '' && deps.promptLoader !== undefined) {
    try {
      preamble = await deps.promptLoader(def.prompts.system);
    } catch {
      preamble = undefined;
    }
  }
  const systemPrompt = buildSystemPrompt(def, {
    ...(skills !== undefined ? { skills } : {}),
    ...(memory !== undefined ? { memory } : {}),
    memoryEnabled: deps.memory !== undefined,
    ...(preamble !== undefined ? { preamble } : {}),
  });
  const messages: Message[] = [
    { role: 'system', content: systemPrompt },
    { role: 'user', content: JSON.stringify(inputs, null, 2) },
  ];
  const prepared: Prepared = { def, model, maxTokens, messages, systemPrompt, activeSkills, runId };
  if (decision !== undefined) prepared.decision = decision;
  return prepared;
}

/** The per-run tool set: registry ∩ agent tool policies, narrowed by the active skills; skill defaults, approvals and autonomy. */
export function toolSetFor(deps: RuntimeDeps, def: AgentDefinition, activeSkills: readonly string[]): { tools: ToolSet; defaults: Record<string, Record<string, unknown>>; asks: string[]; autonomy: AutonomyLevel } {
  const registry = deps.tools!;
  const policies = def.governance.toolPolicies;
  const plain = Object.entries(policies).filter(([k]) => !k.includes(':') && k !== '*');
  const allow = policies['*'] === 'deny' ? plain.filter(([, v]) => v !== 'deny').map(([k]) => k) : undefined;
  const deny = plain.filter(([, v]) => v === 'deny').map(([k]) => k);
  const skills = activeSkills.map((n) => deps.skills?.get(n)).filter((x): x is SkillDefinition => x !== undefined);
  const tools = registry.toolSet({ ...(allow !== undefined ? { allow } : {}), deny }).narrow(skillToolSelection(skills));
  const asks = [...def.governance.approvalRequired, ...Object.keys(skillApprovalRules(skills))];
  return { tools, defaults: skillToolParameterDefaults(skills), asks, autonomy: skillAutonomy(def.autonomyLevel, skills) };
}
