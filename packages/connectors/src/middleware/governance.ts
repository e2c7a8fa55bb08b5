import { restoreStackLimit, shortenStackLimit } from '../errors/connector-error.js';
import { GovernanceDeniedError } from '../errors/governance-denied-error.js';
import type { EventHub } from '../events.js';
import type { GovernanceDecision, GovernancePolicy } from '../governance/types.js';
import type { CallContext, ConnectorRequest, Middleware } from '../model.js';

/** The policy in force and its version (bumped by `setPolicy`). */
export interface PolicyHolder {
  policy: GovernancePolicy;
  version: number;
}

const FALLBACK_REASON = 'connector call blocked by governance policy';

/** Turns a decision into a thrown error, or nothing. Shared by the middleware and `enforceGovernance`. */
export function applyDecision(
  decision: GovernanceDecision,
  request: ConnectorRequest,
  holder: PolicyHolder,
  events: EventHub,
  onDenied?: (error: GovernanceDeniedError) => void,
): void {
  if (events.wants('governance.decision')) {
    events.emit('governance.decision', {
      connector: request.connector,
      operation: request.operation,
      allowed: decision.allowed,
      reason: decision.reason ?? '',
      policyId: decision.policyId ?? holder.policy.id,
      ...(decision.rule === undefined ? {} : { rule: decision.rule }),
      version: holder.version,
    });
  }
  if (decision.allowed) return;
  const reason = decision.reason === undefined || decision.reason === '' ? FALLBACK_REASON : decision.reason;
  // Nothing ran yet: a short stack (see ConnectorError.rejectionStackTraceLimit) keeps the denial cheap.
  const saved = shortenStackLimit();
  let error: GovernanceDeniedError;
  try {
    error = new GovernanceDeniedError(reason, decision.policyId ?? holder.policy.id, {
      connector: request.connector,
      operation: request.operation,
    });
  } finally {
    restoreStackLimit(saved);
  }
  onDenied?.(error);
  throw error;
}

/** Governance first: a denied call never reaches any other step; sync policies cost no extra promise. */
export function governanceMiddleware(holder: PolicyHolder, events: EventHub, onDenied?: (error: GovernanceDeniedError, request: ConnectorRequest) => void): Middleware {
  const denied = onDenied === undefined ? undefined : (request: ConnectorRequest) => (error: GovernanceDeniedError) => onDenied(error, request);
  return {
    name: 'governance',
    handle<T>(ctx: CallContext, next: (ctx: CallContext) => Promise<T>): Promise<T> {
      const request = ctx.request;
      const decision = holder.policy.evaluate(request);
      if (decision instanceof Promise) {
        return decision.then((resolved) => {
          applyDecision(resolved, request, holder, events, denied?.(request));
          return next(ctx);
        });
      }
      if (!decision.allowed || events.wants('governance.decision')) {
        try {
          applyDecision(decision, request, holder, events, denied?.(request));
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return next(ctx);
    },
  };
}

