import { ConnectorError, type ConnectorErrorInit } from './connector-error.js';

/** A governance policy denied the call before any work was done. Message: "Connector governance blocked c/op: reason". */
export class GovernanceDeniedError extends ConnectorError {
  readonly code = 'CONNECTOR_GOVERNANCE_DENIED' as const;
  /** The policy's reason, e.g. "operation blocked by policy: tools/call". */
  readonly reason: string;
  /** Id of the policy that decided. */
  readonly policyId: string;

  constructor(reason: string, policyId: string, init: ConnectorErrorInit = {}) {
    super(`Connector governance blocked ${init.connector ?? ''}/${init.operation ?? ''}: ${reason}`, { ...init, retryable: false });
    this.reason = reason;
    this.policyId = policyId;
  }
}
