/** Converts object keys from camelCase to snake_case, deeply, for responses in the reference API's spelling. */
export function snake(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snake);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = snake(v);
  }
  return out;
}
