import { InvalidInputError } from '../errors/invalid-input-error.js';

/** Artifact types of the reference retention table. */
export type ArtifactType = 'LOG' | 'OUT' | 'DIF' | 'TST' | 'REV' | 'EVD' | 'SES' | 'CFG' | 'TMP';

/** Storage tiers. */
export type Tier = 'hot' | 'warm' | 'cold';

/** Retention of one artifact type. `retentionDays` 0 means permanent. */
export interface RetentionPolicy {
  readonly artifactType: ArtifactType;
  readonly retentionDays: number;
  readonly initialTier: Tier;
  readonly moves: readonly { readonly from: Tier; readonly to: Tier; readonly afterDays: number }[];
}

const policy = (artifactType: ArtifactType, retentionDays: number, initialTier: Tier, move?: [Tier, Tier, number]): RetentionPolicy =>
  Object.freeze({ artifactType, retentionDays, initialTier, moves: move ? [Object.freeze({ from: move[0], to: move[1], afterDays: move[2] })] : [] });

/** The reference retention table. */
export const RETENTION_POLICIES: Readonly<Record<ArtifactType, RetentionPolicy>> = Object.freeze({
  TMP: policy('TMP', 7, 'hot'),
  LOG: policy('LOG', 30, 'hot', ['hot', 'warm', 30]),
  OUT: policy('OUT', 30, 'hot', ['hot', 'warm', 30]),
  DIF: policy('DIF', 90, 'warm', ['warm', 'cold', 90]),
  TST: policy('TST', 90, 'warm', ['warm', 'cold', 90]),
  SES: policy('SES', 90, 'warm', ['warm', 'cold', 90]),
  CFG: policy('CFG', 90, 'warm', ['warm', 'cold', 90]),
  REV: policy('REV', 0, 'cold'),
  EVD: policy('EVD', 0, 'cold'),
});

/** Every artifact type. */
export const ARTIFACT_TYPES: readonly ArtifactType[] = Object.keys(RETENTION_POLICIES) as ArtifactType[];

/** The policy of an artifact type. */
export function getRetentionPolicy(type: ArtifactType): RetentionPolicy {
  const found = RETENTION_POLICIES[type];
  if (!found) throw new InvalidInputError('type', `unknown artifact type ${String(type)}`);
  return found;
}

/** True for types kept forever (retention 0 days). */
export function isPermanent(type: ArtifactType): boolean {
  return getRetentionPolicy(type).retentionDays === 0;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function segment(value: string, field: string): string {
  // Ids become path segments: refuse anything that could leave the artifacts tree.
  if (value === '' || value === '.' || value === '..' || /[/\\\0]/.test(value)) throw new InvalidInputError(field, 'must be a single path segment');
  return value;
}

/**
 * The storage path of an artifact (reference layout): SES → `artifacts/sessions/YYYY/MM/DD/{session}`; EVD →
 * `artifacts/evidence/YYYY/MM/{task}`; REV → `artifacts/reviews/YYYY/MM/{task}`; LOG →
 * `artifacts/sessions/YYYY/MM/DD[/{session}][/runs/{run}/logs]`; other types as LOG but ending in
 * `/runs/{run}/{type}` (or `/{type}` without a run).
 */
export function storagePath(type: ArtifactType, year: number, month: number, day: number, ids: { sessionId?: string; runId?: string; taskId?: string } = {}): string {
  getRetentionPolicy(type);
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw new InvalidInputError('year', 'must be an integer 1..9999');
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new InvalidInputError('month', 'must be an integer 1..12');
  if (!Number.isInteger(day) || day < 1 || day > 31) throw new InvalidInputError('day', 'must be an integer 1..31');
  const monthPath = `${year}/${pad(month)}`;
  const session = ids.sessionId === undefined ? undefined : segment(ids.sessionId, 'sessionId');
  const run = ids.runId === undefined ? undefined : segment(ids.runId, 'runId');
  const task = ids.taskId === undefined ? undefined : segment(ids.taskId, 'taskId');
  if (type === 'EVD' || type === 'REV') {
    if (task === undefined) throw new InvalidInputError('taskId', `is required for ${type}`);
    return `artifacts/${type === 'EVD' ? 'evidence' : 'reviews'}/${monthPath}/${task}`;
  }
  let path = `artifacts/sessions/${monthPath}/${pad(day)}`;
  if (type === 'SES') {
    if (session === undefined) throw new InvalidInputError('sessionId', 'is required for SES');
    return `${path}/${session}`;
  }
  if (session !== undefined) path += `/${session}`;
  const leaf = type === 'LOG' ? 'logs' : type.toLowerCase();
  if (run !== undefined) return `${path}/runs/${run}/${leaf}`;
  return type === 'LOG' ? path : `${path}/${leaf}`;
}

/** An artifact under retention. */
export interface RetentionItem {
  readonly id?: string;
  readonly type: ArtifactType;
  readonly createdAt: Date;
  readonly tier: Tier;
}

/** What to do with one artifact now. */
export type RetentionAction =
  | { action: 'delete'; index: number; id?: string; type: ArtifactType; ageDays: number }
  | { action: 'move'; index: number; id?: string; type: ArtifactType; ageDays: number; from: Tier; to: Tier };

const DAY_MS = 86_400_000;

/**
 * Plans retention (the reference never enforced it): types with a tier move are moved once they are old enough
 * (LOG hot → warm at day 30); types without one are deleted after their retention days (TMP at day 7); permanent
 * types (REV, EVD) are never touched. Returns only the actions due; the caller performs them.
 */
export function planRetention(items: readonly RetentionItem[], now: Date): RetentionAction[] {
  const actions: RetentionAction[] = [];
  items.forEach((item, index) => {
    const found = getRetentionPolicy(item.type);
    if (!(item.createdAt instanceof Date) || Number.isNaN(item.createdAt.getTime())) throw new InvalidInputError(`items[${index}].createdAt`, 'must be a valid Date');
    if (found.retentionDays === 0) return;
    const ageDays = (now.getTime() - item.createdAt.getTime()) / DAY_MS;
    const base = item.id === undefined ? { index, type: item.type, ageDays } : { index, id: item.id, type: item.type, ageDays };
    if (found.moves.length === 0) {
      if (ageDays >= found.retentionDays) actions.push({ action: 'delete', ...base });
      return;
    }
    const move = found.moves.find((candidate) => candidate.from === item.tier && ageDays >= candidate.afterDays);
    if (move) actions.push({ action: 'move', ...base, from: move.from, to: move.to });
  });
  return actions;
}
