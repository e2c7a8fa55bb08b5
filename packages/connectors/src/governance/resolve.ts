import { ConnectorConfigError } from '../errors/connector-config-error.js';
import { getPolicyPack } from './packs.js';
import { allOf, blocklistPolicy, rulePolicy } from './policies.js';
import type { GovernancePolicy, PolicyPack } from './types.js';

/** A pack reference: a name, a pack object, or a list of them (composed). */
export type PolicyPackInput = string | PolicyPack | readonly (string | PolicyPack)[];

/** The outcome of resolving packs plus explicit lists. */
export interface ResolvedGovernance {
  packs: readonly string[];
  blockedConnectors: readonly string[];
  blockedOperations: readonly string[];
  policy: GovernancePolicy;
}

/** Resolves packs (validating names) and unions their lists with the explicit ones into one policy. */
export function resolveGovernance(input: {
  policyPack?: PolicyPackInput | undefined;
  blockedConnectors?: Iterable<string> | undefined;
  blockedOperations?: Iterable<string> | undefined;
  governance?: GovernancePolicy | undefined;
  onUnknownPack: 'throw' | 'fallback';
  onFallback?: (pack: string) => void;
}): ResolvedGovernance {
  const refs: readonly (string | PolicyPack)[] =
    input.policyPack === undefined ? ['default'] : typeof input.policyPack === 'string' || !Array.isArray(input.policyPack) ? [input.policyPack as string | PolicyPack] : input.policyPack;
  const packs = refs.map((ref) => {
    if (typeof ref === 'string') return getPolicyPack(ref, { onUnknown: input.onUnknownPack, onFallback: input.onFallback });
    if (typeof ref !== 'object' || ref === null || typeof ref.name !== 'string') {
      throw new ConnectorConfigError('policyPack', 'expected a pack name or a PolicyPack object');
    }
    return ref;
  });
  const connectors = new Set<string>();
  const operations = new Set<string>();
  for (const pack of packs) {
    for (const name of pack.blockedConnectors) connectors.add(name);
    for (const name of pack.blockedOperations) operations.add(name);
  }
  for (const name of input.blockedConnectors ?? []) if (name.trim() !== '') connectors.add(name.trim());
  for (const name of input.blockedOperations ?? []) if (name.trim() !== '') operations.add(name.trim());
  const policies: GovernancePolicy[] = [blocklistPolicy({ connectors, operations, id: packs.map((pack) => pack.name).join('+') })];
  const rules = packs.flatMap((pack) => pack.rules ?? []);
  const deny = packs.some((pack) => pack.defaultEffect === 'deny');
  if (rules.length > 0 || deny) policies.push(rulePolicy(rules, deny ? 'deny' : 'allow', 'pack-rules'));
  if (input.governance !== undefined) policies.push(input.governance);
  return {
    packs: packs.map((pack) => pack.name),
    blockedConnectors: [...connectors],
    blockedOperations: [...operations],
    policy: allOf(policies),
  };
}
