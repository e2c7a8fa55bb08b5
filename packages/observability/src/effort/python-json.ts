import { InvalidInputError } from '../errors/invalid-input-error.js';

/** Stops serialisation early once the payload is long enough and `satisfied(text)` holds. */
export interface EarlyStop {
  readonly minLength: number;
  readonly satisfied: (lowerCasedText: string) => boolean;
}

/** A serialised payload: its text (possibly truncated by an early stop) and its length in code points. */
export interface SerializedPayload {
  text: string;
  length: number;
  truncated: boolean;
}

const STOP = Symbol('stop');
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** Length in Unicode code points (Python's `len` of a str). */
export function codePointLength(text: string): number {
  // Fast path: most payloads have no astral characters.
  let pairs = 0;
  if (/[\uD800-\uDBFF]/.test(text)) pairs = text.match(SURROGATE_PAIR)?.length ?? 0;
  return text.length - pairs;
}

/** Python's `repr(float)` for a JS number, or its int digits for integral values. */
function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  // JSON-origin integers are Python ints: all digits, never an exponent.
  if (Number.isInteger(value)) return BigInt(value).toString();
  if (Math.abs(value) < 1e-4) {
    // Python switches to exponent form below 1e-4 and pads the exponent to two digits.
    return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(value);
}

class Writer {
  readonly parts: string[] = [];
  length = 0;
  private nextCheck: number;

  constructor(private readonly stop: EarlyStop | undefined) {
    this.nextCheck = stop?.minLength ?? Number.POSITIVE_INFINITY;
  }

  write(text: string, codePoints: number): void {
    this.parts.push(text);
    this.length += codePoints;
    if (this.length >= this.nextCheck && this.stop) {
      // Re-check at doubling lengths so the total work stays linear.
      this.nextCheck = this.length * 2;
      if (this.stop.satisfied(this.parts.join('').toLowerCase())) throw STOP;
    }
  }
}

function writeValue(writer: Writer, value: unknown, seen: Set<object>): void {
  switch (typeof value) {
    case 'string': {
      const quoted = JSON.stringify(value);
      writer.write(quoted, codePointLength(quoted));
      return;
    }
    case 'number': {
      const text = pythonNumber(value);
      writer.write(text, text.length);
      return;
    }
    case 'bigint': {
      const text = value.toString();
      writer.write(text, text.length);
      return;
    }
    case 'boolean':
      writer.write(value ? 'true' : 'false', value ? 4 : 5);
      return;
    case 'undefined':
    case 'function':
    case 'symbol':
      writer.write('null', 4);
      return;
    default:
      break;
  }
  if (value === null) {
    writer.write('null', 4);
    return;
  }
  const object = value as Record<string, unknown> & { toJSON?: () => unknown };
  if (typeof object.toJSON === 'function') {
    writeValue(writer, object.toJSON(), seen);
    return;
  }
  if (seen.has(object)) throw new InvalidInputError('inputs', 'contains a circular reference');
  seen.add(object);
  if (Array.isArray(object)) {
    writer.write('[', 1);
    const items = object as unknown[];
    for (let index = 0; index < items.length; index += 1) {
      if (index > 0) writer.write(', ', 2);
      writeValue(writer, items[index], seen);
    }
    writer.write(']', 1);
  } else {
    writer.write('{', 1);
    let first = true;
    for (const key of Object.keys(object).sort()) {
      const item = object[key];
      // Like JSON: keys whose value cannot be represented are left out.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      if (!first) writer.write(', ', 2);
      first = false;
      const quoted = JSON.stringify(key);
      writer.write(quoted, codePointLength(quoted));
      writer.write(': ', 2);
      writeValue(writer, item, seen);
    }
    writer.write('}', 1);
  }
  seen.delete(object);
}

/**
 * Serialises `value` exactly as Python's `json.dumps(value, sort_keys=True, ensure_ascii=False)` would (separators
 * `", "` and `": "`, integers without exponent, Python float repr) and measures it in code points, so the classifier's
 * 800 / 2000 character thresholds fall where the reference puts them. With `stop`, serialisation ends as soon as the
 * text is at least `stop.minLength` long and `stop.satisfied` holds (the result is then `truncated`). Throws
 * {@link InvalidInputError} on circular structures.
 */
export function pythonJson(value: unknown, stop?: EarlyStop): SerializedPayload {
  const writer = new Writer(stop);
  try {
    writeValue(writer, value, new Set());
  } catch (error) {
    if (error !== STOP) throw error;
    return { text: writer.parts.join(''), length: writer.length, truncated: true };
  }
  return { text: writer.parts.join(''), length: writer.length, truncated: false };
}

/** Compact `JSON.stringify` serialisation measured in code points (classifier `lengthMode: 'compact'`). */
export function compactJson(value: unknown): SerializedPayload {
  let text: string;
  try {
    text = JSON.stringify(value) ?? 'null';
  } catch (error) {
    throw new InvalidInputError('inputs', 'cannot be serialised', { cause: error });
  }
  return { text, length: codePointLength(text), truncated: false };
}
