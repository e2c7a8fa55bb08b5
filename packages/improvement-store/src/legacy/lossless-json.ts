/**
 * A lossless JSON reader and a writer that reproduces Python's `json.dumps(obj, sort_keys=True,
 * separators=(",", ":"))` byte for byte. Numbers keep their original lexemes (Python writes `1.0` where JS would
 * write `1`), keys sort by code point as Python sorts `str`, and non-ASCII characters are escaped as `\uXXXX`
 * (astral characters as surrogate pairs) as `ensure_ascii=True` does. Used to verify envelope checksums exactly.
 */

/** A parsed JSON value that remembers number and literal lexemes. */
export type JsonNode =
  | { t: 'obj'; entries: Array<[string, JsonNode]> }
  | { t: 'arr'; items: JsonNode[] }
  | { t: 'str'; v: string }
  | { t: 'num'; raw: string }
  | { t: 'lit'; raw: 'true' | 'false' | 'null' };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parses JSON text into {@link JsonNode}s; throws `SyntaxError` on invalid input. */
export function parseLossless(text: string): JsonNode {
  let pos = 0;
  const ws = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos]!)) pos += 1;
  };
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at offset ${pos}`);
  };
  const str = (): string => {
    // JSON.parse decodes the string token exactly; find its end first.
    const start = pos;
    pos += 1;
    while (pos < text.length && text[pos] !== '"') pos += text[pos] === '\\' ? 2 : 1;
    if (pos >= text.length) fail('unterminated string');
    pos += 1;
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const value = (): JsonNode => {
    ws();
    const ch = text[pos];
    if (ch === '{') {
      pos += 1;
      const entries: Array<[string, JsonNode]> = [];
      ws();
      if (text[pos] === '}') {
        pos += 1;
        return { t: 'obj', entries };
      }
      for (;;) {
        ws();
        if (text[pos] !== '"') fail('expected key');
        const key = str();
        ws();
        if (text[pos] !== ':') fail('expected colon');
        pos += 1;
        entries.push([key, value()]);
        ws();
        if (text[pos] === ',') pos += 1;
        else if (text[pos] === '}') {
          pos += 1;
          return { t: 'obj', entries };
        } else fail('expected , or }');
      }
    }
    if (ch === '[') {
      pos += 1;
      const items: JsonNode[] = [];
      ws();
      if (text[pos] === ']') {
        pos += 1;
        return { t: 'arr', items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[pos] === ',') pos += 1;
        else if (text[pos] === ']') {
          pos += 1;
          return { t: 'arr', items };
        } else fail('expected , or ]');
      }
    }
    if (ch === '"') return { t: 'str', v: str() };
    for (const raw of ['true', 'false', 'null'] as const) {
      if (text.startsWith(raw, pos)) {
        pos += raw.length;
        return { t: 'lit', raw };
      }
    }
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (!match) return fail('unexpected token');
    pos += match[0].length;
    return { t: 'num', raw: match[0] };
  };
  const root = value();
  ws();
  if (pos !== text.length) fail('trailing characters');
  return root;
}

/** Python's `ensure_ascii` string encoding. */
export function pythonAsciiString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += value[i];
  }
  return out + '"';
}

/** Compares strings by code point, as Python orders `str`. */
export function compareCodePoints(a: string, b: string): number {
  const ai = a[Symbol.iterator]();
  const bi = b[Symbol.iterator]();
  for (;;) {
    const x = ai.next();
    const y = bi.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const dx = x.value.codePointAt(0)!;
    const dy = y.value.codePointAt(0)!;
    if (dx !== dy) return dx - dy;
  }
}

/** Serialises like Python's `json.dumps(..., sort_keys=True, separators=(",", ":"))`. */
export function pythonCompactSorted(node: JsonNode): string {
  switch (node.t) {
    case 'obj':
      return `{${[...node.entries]
        .sort((a, b) => compareCodePoints(a[0], b[0]))
        .map(([k, v]) => `${pythonAsciiString(k)}:${pythonCompactSorted(v)}`)
        .join(',')}}`;
    case 'arr':
      return `[${node.items.map(pythonCompactSorted).join(',')}]`;
    case 'str':
      return pythonAsciiString(node.v);
    case 'num':
    case 'lit':
      return node.raw;
  }
}

/** Looks up a key of an object node. */
export function field(node: JsonNode, key: string): JsonNode | undefined {
  return node.t === 'obj' ? node.entries.find(([k]) => k === key)?.[1] : undefined;
}
