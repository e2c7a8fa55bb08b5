import { describe, expect, it } from 'vitest';
import { Agent33Error } from './agent33-error.js';
import { ObservabilityError } from './observability-error.js';

class ProbeError extends ObservabilityError {
  readonly code = 'OBS_PROBE';
}

describe('Agent33Error', () => {
  it('carries code, name and cause', () => {
    const cause = new Error('root');
    const error = new ProbeError('probe failed', { cause });
    expect(error.code).toBe('OBS_PROBE');
    expect(error.name).toBe('ProbeError');
    expect(error.cause).toBe(cause);
    expect(error.toJSON()).toEqual({ name: 'ProbeError', code: 'OBS_PROBE', message: 'probe failed' });
  });

  it('recognises errors by marker, not prototype, so duplicated package copies still match', () => {
    const foreign = Object.assign(new Error('from another copy'), { [Symbol.for('agent33.error')]: true });
    expect(Agent33Error.isInstance(foreign)).toBe(true);
    expect(ObservabilityError.isInstance(foreign)).toBe(false);
    expect(ObservabilityError.isInstance(new ProbeError('x'))).toBe(true);
    expect(Agent33Error.isInstance(new Error('plain'))).toBe(false);
    expect(Agent33Error.isInstance(null)).toBe(false);
  });
});
