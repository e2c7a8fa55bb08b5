import type { TenantScope } from '@agent33/improvement-store';
import { hasScope, type Principal } from './auth.js';
import { HttpProblem } from './problem.js';


/**
 * The tenant a request acts for. Non-admin principals are bound to their token's tenant and asking for another
 * is 403; admins may name any tenant, and reads without one cover every tenant.
 */
export function tenantScope(principal: Principal | undefined, requested: string | undefined, forRead: boolean): TenantScope {
  const own = principal?.tenantId ?? 'default';
  if (principal !== undefined && hasScope(principal, 'admin')) {
    if (requested !== undefined) return { tenantId: requested };
    return forRead ? { allTenants: true } : { tenantId: own };
  }
  if (requested !== undefined && requested !== own) {
    throw new HttpProblem(403, 'APP_FORBIDDEN_TENANT', `This token is bound to tenant "${own}"`);
  }
  return { tenantId: own };
}

/** The single tenant a write goes to. */
export function writeTenant(principal: Principal | undefined, requested: string | undefined): string {
  const scope = tenantScope(principal, requested, false);
  return 'tenantId' in scope ? scope.tenantId : 'default';
}
