import { AgentRuntimeError } from './agent-runtime-error.js';

/**
 * A skill definition (a `SKILL.md` front matter, a YAML file or an object) is invalid. `errors` lists every problem
 * as `path: message`; `source` names the file when there is one.
 */
export class SkillDefinitionError extends AgentRuntimeError {
  readonly code = 'RUNTIME_BAD_SKILL' as const;
  readonly errors: Array<{ path: string; message: string }>;
  readonly source: string | undefined;

  constructor(errors: Array<{ path: string; message: string }>, o: { source?: string; cause?: unknown } = {}) {
    const where = o.source === undefined ? '' : ` in ${o.source}`;
    super(`invalid skill definition${where}: ${errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ')}`, o.cause === undefined ? undefined : { cause: o.cause });
    this.errors = errors;
    this.source = o.source;
  }
}
