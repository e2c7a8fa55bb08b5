const cache = new Map<string, RegExp>();

/** True when `pattern` contains a `*` wildcard. */
export function isGlob(pattern: string): boolean {
  return pattern.includes('*');
}

/** Case-sensitive glob match where `*` matches any run of characters (exact match without `*`). */
export function globMatch(pattern: string, value: string): boolean {
  if (!isGlob(pattern)) return pattern === value;
  let regex = cache.get(pattern);
  if (regex === undefined) {
    const body = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    regex = new RegExp(`^${body}$`);
    if (cache.size < 1000) cache.set(pattern, regex);
  }
  return regex.test(value);
}
