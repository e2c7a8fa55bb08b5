import type { BoundaryOptions } from './boundary.js';
import { ConnectorConfigError } from './errors/connector-config-error.js';
import { parseCsv } from './governance/packs.js';

function flag(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const normalised = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(normalised)) return true;
  if (['0', 'false', 'no', 'off'].includes(normalised)) return false;
  throw new ConnectorConfigError(name, `expected a boolean, got "${value}"`);
}

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new ConnectorConfigError(name, `expected a number, got "${value}"`);
  return parsed;
}

/**
 * Builds boundary options from the reference's setting names (upper-case env style, e.g.
 * `CONNECTOR_BOUNDARY_ENABLED`, `CONNECTOR_POLICY_PACK`, `CONNECTOR_CIRCUIT_FAILURE_THRESHOLD`). The library never
 * reads `process.env` itself: the host passes the map. Like the reference, the boundary is off unless enabled.
 */
export function optionsFromEnv(env: Readonly<Record<string, string | undefined>>): BoundaryOptions {
  if (typeof env !== 'object' || env === null) throw new ConnectorConfigError('env', 'expected an object');
  const get = (name: string): string | undefined => env[name] ?? env[name.toLowerCase()];
  const options: BoundaryOptions = { enabled: flag('CONNECTOR_BOUNDARY_ENABLED', get('CONNECTOR_BOUNDARY_ENABLED')) ?? false };
  const pack = get('CONNECTOR_POLICY_PACK');
  if (pack !== undefined && pack.trim() !== '') options.policyPack = pack.trim();
  const blockedConnectors = parseCsv(get('CONNECTOR_GOVERNANCE_BLOCKED_CONNECTORS'));
  if (blockedConnectors.length > 0) options.blockedConnectors = blockedConnectors;
  const blockedOperations = parseCsv(get('CONNECTOR_GOVERNANCE_BLOCKED_OPERATIONS'));
  if (blockedOperations.length > 0) options.blockedOperations = blockedOperations;
  const preset = get('CONNECTOR_BOUNDARY_PRESET');
  if (preset === 'default' || preset === 'compat' || preset === 'agent33-head') options.preset = preset;
  else if (preset !== undefined && preset !== '') throw new ConnectorConfigError('CONNECTOR_BOUNDARY_PRESET', `unknown preset "${preset}"`);
  const breakerOn = flag('CONNECTOR_CIRCUIT_BREAKER_ENABLED', get('CONNECTOR_CIRCUIT_BREAKER_ENABLED'));
  const threshold = number('CONNECTOR_CIRCUIT_FAILURE_THRESHOLD', get('CONNECTOR_CIRCUIT_FAILURE_THRESHOLD'));
  const recovery = number('CONNECTOR_CIRCUIT_RECOVERY_SECONDS', get('CONNECTOR_CIRCUIT_RECOVERY_SECONDS'));
  const halfOpen = number('CONNECTOR_CIRCUIT_HALF_OPEN_SUCCESSES', get('CONNECTOR_CIRCUIT_HALF_OPEN_SUCCESSES'));
  if (breakerOn === false) options.breaker = false;
  else if (breakerOn === true || threshold !== undefined || recovery !== undefined || halfOpen !== undefined) {
    options.breaker = {
      ...(threshold === undefined ? {} : { failureThreshold: threshold }),
      ...(recovery === undefined ? {} : { recoveryMs: recovery * 1000 }),
      ...(halfOpen === undefined ? {} : { halfOpenSuccesses: halfOpen }),
    };
  }
  const timeout = number('MCP_TIMEOUT_SECONDS', get('MCP_TIMEOUT_SECONDS'));
  if (timeout !== undefined) options.timeoutMs = timeout * 1000;
  return options;
}
