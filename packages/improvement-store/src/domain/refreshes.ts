import { StoreValidationError } from '../errors/store-validation-error.js';
import { REFRESH_SCOPES } from './enums.js';
import type { NewRoadmapRefresh, RoadmapRefresh } from './entities.js';
import { isoToMicros, microsToIso } from './time.js';
import { enumValue, optionalString, requireString, stringArray } from './validate.js';

/** Validates and builds a roadmap refresh (scope defaults to `micro`). */
export function buildRefresh(input: NewRoadmapRefresh, id: string, nowUs: number): RoadmapRefresh {
  if (typeof input !== 'object' || input === null) throw new StoreValidationError('refresh', 'must be an object');
  return {
    refreshId: input.refreshId === undefined ? id : requireString('refreshId', input.refreshId, { nonBlank: true }),
    scope: enumValue('scope', REFRESH_SCOPES, input.scope, 'micro'),
    scheduledAt: input.scheduledAt === undefined ? microsToIso(nowUs) : microsToIso(isoToMicros(input.scheduledAt, 'scheduledAt')),
    completedAt: input.completedAt == null ? null : microsToIso(isoToMicros(input.completedAt, 'completedAt')),
    participants: stringArray('participants', input.participants),
    activities: stringArray('activities', input.activities),
    outcome: optionalString('outcome', input.outcome, ''),
    changesMade: stringArray('changesMade', input.changesMade),
    version: 1,
  };
}

/** Completes a refresh now with an outcome and the changes made. */
export function completeRefresh(refresh: RoadmapRefresh, outcome: unknown, changesMade: unknown, nowUs: number): RoadmapRefresh {
  return {
    ...refresh,
    completedAt: microsToIso(nowUs),
    outcome: optionalString('outcome', outcome, refresh.outcome),
    changesMade: stringArray('changesMade', changesMade, refresh.changesMade),
    version: refresh.version + 1,
  };
}
