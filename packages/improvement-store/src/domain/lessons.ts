import { StoreNotFoundError } from '../errors/store-not-found-error.js';
import { StoreValidationError } from '../errors/store-validation-error.js';
import { LESSON_ACTION_STATUSES, LESSON_EVENT_TYPES } from './enums.js';
import type { LessonLearned, NewLesson } from './entities.js';
import { isoToMicros, microsToIso } from './time.js';
import { enumValue, optionalString, requireString, stringArray } from './validate.js';

/** Validates and builds a lesson (event type defaults to `observation`, actions to `pending`). */
export function buildLesson(input: NewLesson, id: string, nowUs: number): LessonLearned {
  if (typeof input !== 'object' || input === null) throw new StoreValidationError('lesson', 'must be an object');
  const actions = input.actions ?? [];
  if (!Array.isArray(actions)) throw new StoreValidationError('actions', 'must be an array');
  return {
    lessonId: input.lessonId === undefined ? id : requireString('lessonId', input.lessonId, { nonBlank: true }),
    recordedAt: input.recordedAt === undefined ? microsToIso(nowUs) : microsToIso(isoToMicros(input.recordedAt, 'recordedAt')),
    recordedBy: optionalString('recordedBy', input.recordedBy, ''),
    phase: optionalString('phase', input.phase, ''),
    release: optionalString('release', input.release, ''),
    eventType: enumValue('eventType', LESSON_EVENT_TYPES, input.eventType, 'observation'),
    whatHappened: optionalString('whatHappened', input.whatHappened, ''),
    rootCause: optionalString('rootCause', input.rootCause, ''),
    impact: optionalString('impact', input.impact, ''),
    insight: optionalString('insight', input.insight, ''),
    recommendation: optionalString('recommendation', input.recommendation, ''),
    appliesTo: stringArray('appliesTo', input.appliesTo),
    actions: actions.map((action, index) => ({
      description: requireString(`actions[${index}].description`, action?.description, { nonBlank: true }),
      status: enumValue(`actions[${index}].status`, LESSON_ACTION_STATUSES, action.status, 'pending'),
      owner: optionalString(`actions[${index}].owner`, action.owner, ''),
      targetDate: optionalString(`actions[${index}].targetDate`, action.targetDate, ''),
    })),
    implemented: false,
    verifiedAt: null,
    evidence: optionalString('evidence', input.evidence, ''),
    version: 1,
  };
}

/** Marks action `index` completed; an index out of range is a validation error. */
export function completeLessonAction(lesson: LessonLearned, index: unknown): LessonLearned {
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= lesson.actions.length) {
    throw new StoreValidationError('actionIndex', `out of range for lesson ${lesson.lessonId} (${lesson.actions.length} actions)`);
  }
  const actions = lesson.actions.map((action, i) => (i === index ? { ...action, status: 'completed' as const } : action));
  return { ...lesson, actions, version: lesson.version + 1 };
}

/** Marks a lesson implemented and verified now, with evidence. */
export function verifyLesson(lesson: LessonLearned, evidence: unknown, nowUs: number): LessonLearned {
  return { ...lesson, implemented: true, verifiedAt: microsToIso(nowUs), evidence: optionalString('evidence', evidence, ''), version: lesson.version + 1 };
}

/** Throws a not-found error when the lesson is missing. */
export function requireLesson(lesson: LessonLearned | null, id: string): LessonLearned {
  if (!lesson) throw new StoreNotFoundError('Lesson', id);
  return lesson;
}
