/**
 * Lenient repair of tool-call argument text from weak or local models: strips code fences and leaked special
 * tokens, converts single-quoted strings, quotes bare keys, removes trailing commas, closes unbalanced brackets and
 * turns Python literals into JSON. Returns the parsed value, or undefined when even the repaired text is not JSON.
 */
export function repairJson(raw: string): unknown {
  let s = raw.trim();
  s = s.replace(/<\|[^|>]*\|>/g, '').replace(/<\/?(tool_call|function_call|arguments)>/g, '').trim();
  const fence = /^```[a-zA-Z0-9_-]*\s*\n?([\s\S]*?)\n?```\s*$/.exec(s);
  if (fence?.[1] !== undefined) s = fence[1].trim();
  if (s === '') return {};
  const start = s.search(/[{[]/);
  if (start > 0) s = s.slice(start);
  // Each transform is applied only while the text still fails to parse, so valid content is never rewritten.
  const transforms: Array<(t: string) => string> = [
    (t) => t,
    (t) => t.replace(/,\s*([}\]])/g, '$1'),
    convertQuotes,
    (t) => t.replace(/([{,]\s*)([A-Za-z_][A-Za-z0-9_]*)\s*:/g, '$1"$2":'),
    (t) => t.replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false').replace(/\bNone\b/g, 'null'),
    closeBrackets,
    (t) => t.replace(/,\s*([}\]])/g, '$1'),
  ];
  for (const transform of transforms) {
    s = transform(s);
    try {
      return JSON.parse(s);
    } catch {
      // try the next transform
    }
  }
  return undefined;
}

/** Rewrites single-quoted strings as double-quoted ones, leaving double-quoted strings alone. */
function convertQuotes(s: string): string {
  let out = '';
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < s.length; i += 1) {
    const ch = s[i]!;
    if (quote !== null) {
      if (ch === '\\' && i + 1 < s.length) {
        const next = s[i + 1]!;
        out += quote === "'" && next === "'" ? "'" : ch + next;
        i += 1;
      } else if (ch === quote) {
        out += '"';
        quote = null;
      } else out += quote === "'" && ch === '"' ? '\\"' : ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      out += '"';
    } else out += ch;
  }
  return quote !== null ? `${out}"` : out;
}

/** Appends the closing brackets a truncated document is missing. */
function closeBrackets(s: string): string {
  const stack: string[] = [];
  let inString = false;
  for (let i = 0; i < s.length; i += 1) {
    const ch = s[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') stack.push('}');
    else if (ch === '[') stack.push(']');
    else if (ch === '}' || ch === ']') stack.pop();
  }
  return s + stack.reverse().join('');
}
