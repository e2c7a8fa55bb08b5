import { systemClock, type Clock } from '@agent33/observability';
import { RuntimeOptionsError } from '../errors/runtime-options-error.js';
import { globMatch } from '../tools/toolset.js';
import type { PreparedToolCall } from '../tools/types.js';
import type { AutonomyLevel, PolicyContext, PolicyDecision, ToolPolicy } from './types.js';

/** Options of {@link RuleToolPolicy}. */
export interface RuleToolPolicyOptions {
  /** Pattern → action; keys are `tool`, `tool:operation`, globs, or `*`. */
  toolPolicies?: Record<string, 'allow' | 'deny' | 'ask'>;
  commandAllowlist?: string[];
  pathAllowlist?: string[];
  domainAllowlist?: string[];
  autonomy?: AutonomyLevel;
  rateLimit?: { perMinute: number; burstPerSecond: number };
  /** Scope a subject needs to call a tool; default `tools:execute` for every tool. */
  requiredScope?: (tool: string) => string;
  /** What `ask` means without approvals: route to approval (default) or deny (the reference behaviour). */
  askMeans?: 'approval' | 'deny';
  clock?: Clock;
}

const ok: PolicyDecision = { decision: 'allow' };

/**
 * The built-in tool policy with the reference precedence: tool policies (exact `tool:op`, `tool:*`, exact tool,
 * `tool:op` globs longest first, tool globs longest first, `*`), rate limit per subject, autonomy from tool
 * annotations, required scope, shell command allowlist (segments split on `|`, `;`, `&`; `$(` and backticks
 * rejected), normalised path containment, and domain allowlist. Every denial carries a reason and rule.
 */
export class RuleToolPolicy implements ToolPolicy {
  private readonly o: RuleToolPolicyOptions;
  private readonly clock: Clock;
  private readonly calls = new Map<string, number[]>();

  constructor(o: RuleToolPolicyOptions = {}) {
    for (const [k, v] of Object.entries(o.toolPolicies ?? {})) {
      if (!['allow', 'deny', 'ask'].includes(v)) throw new RuntimeOptionsError(`tool policy ${k}: invalid action ${String(v)}`);
    }
    if (o.rateLimit !== undefined && !(o.rateLimit.perMinute > 0 && o.rateLimit.burstPerSecond > 0)) {
      throw new RuntimeOptionsError('rateLimit.perMinute and burstPerSecond must be positive');
    }
    this.o = o;
    this.clock = o.clock ?? systemClock;
  }

  check(call: PreparedToolCall, ctx: PolicyContext): PolicyDecision {
    const input = (typeof call.input === 'object' && call.input !== null ? call.input : {}) as Record<string, unknown>;
    const rule = this.matchPolicy(call.name, typeof input['operation'] === 'string' ? input['operation'] : undefined);
    if (rule !== undefined) {
      const [key, action] = rule;
      if (action === 'deny') return { decision: 'deny', reason: `denied by policy \`${key}\``, rule: key };
      if (action === 'ask') {
        const reason = `policy \`${key}\` requires approval`;
        return this.o.askMeans === 'deny' ? { decision: 'deny', reason, rule: key } : { decision: 'ask', reason, rule: key };
      }
    }
    const rate = this.rateLimit(ctx.subject.id || '__anon__');
    if (rate !== undefined) return rate;
    if (this.o.autonomy === 'read-only' && call.annotations.readOnly !== true) {
      return { decision: 'deny', reason: `autonomy read-only allows only read-only tools; ${call.name} is not`, rule: 'autonomy:read-only' };
    }
    const scope = this.o.requiredScope?.(call.name) ?? 'tools:execute';
    if (!ctx.subject.scopes.includes(scope)) {
      return { decision: 'deny', reason: `missing scope ${scope}`, rule: 'scope' };
    }
    if (typeof input['command'] === 'string') {
      const verdict = this.checkCommand(input['command']);
      if (verdict !== undefined) return verdict;
    }
    if (typeof input['path'] === 'string' && this.o.pathAllowlist !== undefined) {
      const verdict = checkPath(input['path'], this.o.pathAllowlist, ctx.workingDir);
      if (verdict !== undefined) return verdict;
    }
    if (typeof input['url'] === 'string' && this.o.domainAllowlist !== undefined) {
      const verdict = checkDomain(input['url'], this.o.domainAllowlist);
      if (verdict !== undefined) return verdict;
    }
    if (rule === undefined && this.o.autonomy === 'supervised' && call.annotations.destructive === true) {
      const reason = `autonomy supervised requires approval for destructive tool ${call.name}`;
      return this.o.askMeans === 'deny' ? { decision: 'deny', reason, rule: 'autonomy:supervised' } : { decision: 'ask', reason, rule: 'autonomy:supervised' };
    }
    return ok;
  }

  private matchPolicy(tool: string, operation: string | undefined): [string, 'allow' | 'deny' | 'ask'] | undefined {
    const policies = this.o.toolPolicies ?? {};
    const get = (k: string): [string, 'allow' | 'deny' | 'ask'] | undefined => (policies[k] !== undefined ? [k, policies[k]] : undefined);
    if (operation !== undefined) {
      const exact = get(`${tool}:${operation}`);
      if (exact !== undefined) return exact;
    }
    const star = get(`${tool}:*`) ?? get(tool);
    if (star !== undefined) return star;
    const patterns = Object.keys(policies).filter((k) => k !== '*' && (k.includes('*') || k.includes('?')));
    const byLength = (a: string, b: string): number => b.length - a.length;
    if (operation !== undefined) {
      for (const k of patterns.filter((p) => p.includes(':')).sort(byLength)) {
        if (globMatch(k, `${tool}:${operation}`)) return get(k);
      }
    }
    for (const k of patterns.filter((p) => !p.includes(':')).sort(byLength)) {
      if (globMatch(k, tool)) return get(k);
    }
    return get('*');
  }

  private rateLimit(subject: string): PolicyDecision | undefined {
    const limit = this.o.rateLimit;
    if (limit === undefined) return undefined;
    const now = this.clock.now();
    const recent = (this.calls.get(subject) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= limit.perMinute) {
      this.calls.set(subject, recent);
      return { decision: 'deny', reason: `rate limit: ${limit.perMinute} calls per minute`, rule: 'rate-limit' };
    }
    if (recent.filter((t) => now - t < 1_000).length >= limit.burstPerSecond) {
      this.calls.set(subject, recent);
      return { decision: 'deny', reason: `rate limit: ${limit.burstPerSecond} calls per second`, rule: 'rate-limit:burst' };
    }
    recent.push(now);
    this.calls.set(subject, recent);
    return undefined;
  }

  private checkCommand(command: string): PolicyDecision | undefined {
    if (command.includes('$(') || command.includes('`')) {
      return { decision: 'deny', reason: 'command substitution ($( or backticks) is not allowed', rule: 'shell:substitution' };
    }
    const allow = this.o.commandAllowlist;
    if (allow === undefined) return undefined;
    for (const segment of command.split(/[|;&]/)) {
      const word = segment.trim().split(/\s+/)[0];
      if (word === undefined || word === '') continue;
      if (!allow.includes(word)) return { decision: 'deny', reason: `command \`${word}\` is not allowlisted`, rule: 'shell:allowlist' };
    }
    return undefined;
  }
}

/** Normalises a POSIX-style path (resolving `.` and `..`) against `base`. */
export function normalisePath(path: string, base = '/'): string {
  const joined = path.startsWith('/') ? path : `${base.replace(/\/+$/, '')}/${path}`;
  const out: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

function checkPath(path: string, allowlist: readonly string[], workingDir: string | undefined): PolicyDecision | undefined {
  const target = normalisePath(path, workingDir ?? '/');
  const inside = allowlist.some((root) => {
    const r = normalisePath(root, workingDir ?? '/');
    return target === r || target.startsWith(r === '/' ? '/' : `${r}/`);
  });
  return inside ? undefined : { decision: 'deny', reason: `path ${target} is outside the allowed paths`, rule: 'path:allowlist' };
}

function checkDomain(url: string, allowlist: readonly string[]): PolicyDecision | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return { decision: 'deny', reason: `invalid URL ${url}`, rule: 'domain:allowlist' };
  }
  const ok = allowlist.some((d) => host === d.toLowerCase() || host.endsWith(`.${d.toLowerCase()}`));
  return ok ? undefined : { decision: 'deny', reason: `domain ${host} is not allowlisted`, rule: 'domain:allowlist' };
}
