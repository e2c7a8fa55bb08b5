import { ConnectorConfigError } from '../errors/connector-config-error.js';
import type { ConnectorRequest } from '../model.js';
import { globMatch, isGlob } from './glob.js';
import type { GovernanceDecision, GovernancePolicy, GovernanceRule } from './types.js';

const ALLOWED: GovernanceDecision = Object.freeze({ allowed: true, reason: 'allowed by allow-all', policyId: 'allow-all' });

/** Allows every call. */
export const allowAll: GovernancePolicy = { id: 'allow-all', evaluate: () => ALLOWED };

/** Options of {@link blocklistPolicy}. */
export interface BlocklistOptions {
  connectors?: Iterable<string>;
  /** Operation names, `connector#operation` pairs, globs allowed. */
  operations?: Iterable<string>;
  id?: string;
}

/**
 * The reference's blocklist: exact, case-sensitive names, connector checked first ("connector blocked by policy: c"),
 * then operation ("operation blocked by policy: op"). Extended with `connector#operation` scoping and `*` globs.
 */
export function blocklistPolicy(options: BlocklistOptions = {}): GovernancePolicy {
  const id = options.id ?? 'blocklist';
  const exactConnectors = new Set<string>();
  const globConnectors: string[] = [];
  for (const name of options.connectors ?? []) {
    if (isGlob(name)) globConnectors.push(name);
    else exactConnectors.add(name);
  }
  const exactOperations = new Set<string>();
  const scopedOperations: Array<{ connector: string; operation: string }> = [];
  const globOperations: string[] = [];
  for (const name of options.operations ?? []) {
    const hash = name.indexOf('#');
    if (hash > 0) scopedOperations.push({ connector: name.slice(0, hash), operation: name.slice(hash + 1) });
    else if (isGlob(name)) globOperations.push(name);
    else exactOperations.add(name);
  }
  const allowed: GovernanceDecision = Object.freeze({ allowed: true, reason: 'not blocked by policy', policyId: id });
  return {
    id,
    evaluate(request: ConnectorRequest): GovernanceDecision {
      const { connector, operation } = request;
      if (exactConnectors.has(connector) || (globConnectors.length > 0 && globConnectors.some((glob) => globMatch(glob, connector)))) {
        return { allowed: false, reason: `connector blocked by policy: ${connector}`, policyId: id, rule: 'blocked-connector' };
      }
      if (
        exactOperations.has(operation) ||
        (globOperations.length > 0 && globOperations.some((glob) => globMatch(glob, operation))) ||
        (scopedOperations.length > 0 && scopedOperations.some((scoped) => globMatch(scoped.connector, connector) && globMatch(scoped.operation, operation)))
      ) {
        return { allowed: false, reason: `operation blocked by policy: ${operation}`, policyId: id, rule: 'blocked-operation' };
      }
      return allowed;
    },
  };
}

function toolOf(request: ConnectorRequest): string | undefined {
  const tool = request.metadata?.['tool'];
  return typeof tool === 'string' ? tool : undefined;
}

function annotationsOf(request: ConnectorRequest): Record<string, unknown> {
  const annotations = request.metadata?.['annotations'];
  return typeof annotations === 'object' && annotations !== null ? (annotations as Record<string, unknown>) : {};
}

function ruleMatches(rule: GovernanceRule, request: ConnectorRequest): boolean {
  if (rule.connector !== undefined && !globMatch(rule.connector, request.connector)) return false;
  if (rule.operation !== undefined && !globMatch(rule.operation, request.operation)) return false;
  if (rule.tenantId !== undefined && rule.tenantId !== request.tenantId) return false;
  if (rule.tool !== undefined) {
    const tool = toolOf(request);
    if (tool === undefined || !globMatch(rule.tool, tool)) return false;
  }
  if (rule.annotations !== undefined) {
    const annotations = annotationsOf(request);
    for (const [hint, expected] of Object.entries(rule.annotations)) {
      if (annotations[hint] !== expected) return false;
    }
  }
  return true;
}

function describeRule(rule: GovernanceRule, index: number): string {
  const parts = [rule.connector, rule.operation && `#${rule.operation}`, rule.tool && `tool=${rule.tool}`].filter(Boolean);
  return `${rule.effect}[${index}] ${parts.join('') || '*'}`;
}

/** Ordered allow/deny rules; the first match decides, `fallback` applies when none matches. */
export function rulePolicy(rules: readonly GovernanceRule[], fallback: 'allow' | 'deny' = 'allow', id = 'rules'): GovernancePolicy {
  if (!Array.isArray(rules)) throw new ConnectorConfigError('rules', 'expected an array of governance rules');
  for (const [index, rule] of rules.entries()) {
    if (typeof rule !== 'object' || rule === null || (rule.effect !== 'allow' && rule.effect !== 'deny')) {
      throw new ConnectorConfigError(`rules[${index}].effect`, "expected 'allow' or 'deny'");
    }
  }
  if (fallback !== 'allow' && fallback !== 'deny') throw new ConnectorConfigError('fallback', "expected 'allow' or 'deny'");
  const frozen = rules.map((rule) => ({ ...rule }));
  return {
    id,
    evaluate(request: ConnectorRequest): GovernanceDecision {
      for (let index = 0; index < frozen.length; index += 1) {
        const rule = frozen[index] as GovernanceRule;
        if (!ruleMatches(rule, request)) continue;
        if (rule.effect === 'allow') return { allowed: true, reason: rule.reason ?? 'allowed by rule', policyId: id, rule: describeRule(rule, index) };
        return {
          allowed: false,
          reason: rule.reason ?? `operation blocked by policy: ${request.operation}`,
          policyId: id,
          rule: describeRule(rule, index),
        };
      }
      if (fallback === 'allow') return { allowed: true, reason: 'no rule matched', policyId: id };
      return { allowed: false, reason: `connector call not allowed by policy: ${request.connector}/${request.operation}`, policyId: id, rule: 'default-deny' };
    },
  };
}

/** Runs policies in order; the first denial wins (sync while every policy answers synchronously). */
export function allOf(policies: readonly GovernancePolicy[], id = policies.map((policy) => policy.id).join('+')): GovernancePolicy {
  if (policies.length === 1) return policies[0] as GovernancePolicy;
  return {
    id,
    evaluate(request) {
      let last: GovernanceDecision = { allowed: true, reason: 'no policy objected', policyId: id };
      for (let index = 0; index < policies.length; index += 1) {
        const decision = (policies[index] as GovernancePolicy).evaluate(request);
        if (decision instanceof Promise) {
          return decision.then(async (first) => {
            if (!first.allowed) return first;
            return allOf(policies.slice(index + 1), id).evaluate(request);
          });
        }
        if (!decision.allowed) return decision;
        last = decision;
      }
      return last;
    },
  };
}
