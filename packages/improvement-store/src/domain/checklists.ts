import { CHECKLIST_PERIODS } from './enums.js';
import type { ChecklistEvaluation, ChecklistItem, ImprovementChecklist } from './entities.js';
import { microsToIso } from './time.js';
import type { ChecklistPeriod } from './types.js';
import { enumValue, optionalString } from './validate.js';

/** Canonical checklist items per period (CI-01..CI-15). */
export const CHECKLIST_TEMPLATES: Readonly<Record<ChecklistPeriod, ReadonlyArray<{ checkId: string; name: string }>>> = {
  per_release: [
    { checkId: 'CI-01', name: 'Retrospective conducted' },
    { checkId: 'CI-02', name: 'Lessons learned documented' },
    { checkId: 'CI-03', name: 'Action items created' },
    { checkId: 'CI-04', name: 'Metrics captured' },
    { checkId: 'CI-05', name: 'Process improvements identified' },
  ],
  monthly: [
    { checkId: 'CI-06', name: 'Workflow efficiency reviewed' },
    { checkId: 'CI-07', name: 'Bottlenecks identified' },
    { checkId: 'CI-08', name: 'Tool performance assessed' },
    { checkId: 'CI-09', name: 'Documentation currency checked' },
    { checkId: 'CI-10', name: 'Training gaps identified' },
  ],
  quarterly: [
    { checkId: 'CI-11', name: 'Process audit completed' },
    { checkId: 'CI-12', name: 'Tool stack reviewed' },
    { checkId: 'CI-13', name: 'Research backlog triaged' },
    { checkId: 'CI-14', name: 'Roadmap aligned' },
    { checkId: 'CI-15', name: 'Governance artifacts updated' },
  ],
};

/** Builds a checklist from its period template. */
export function buildChecklist(period: unknown, reference: unknown, id: string, nowUs: number): ImprovementChecklist {
  const p = enumValue('period', CHECKLIST_PERIODS, period);
  return {
    checklistId: id,
    period: p,
    reference: optionalString('reference', reference, ''),
    createdAt: microsToIso(nowUs),
    items: CHECKLIST_TEMPLATES[p].map((item): ChecklistItem => ({ ...item, completed: false, notes: '' })),
    version: 1,
  };
}

/** Completes one item; returns null when the checklist has no item with that id (reference parity). */
export function completeChecklistItem(checklist: ImprovementChecklist, checkId: string, notes: unknown): ImprovementChecklist | null {
  if (!checklist.items.some((item) => item.checkId === checkId)) return null;
  const text = optionalString('notes', notes, '');
  return {
    ...checklist,
    items: checklist.items.map((item) => (item.checkId === checkId ? { ...item, completed: true, notes: text || item.notes } : item)),
    version: checklist.version + 1,
  };
}

/** Complete when every item is; incomplete items are listed as `CI-01 (name)`. */
export function evaluateChecklist(checklist: ImprovementChecklist): ChecklistEvaluation {
  const incomplete = checklist.items.filter((item) => !item.completed).map((item) => `${item.checkId} (${item.name})`);
  return { complete: incomplete.length === 0, incomplete };
}
