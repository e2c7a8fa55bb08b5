/**
 * Keeps the head and tail of `text` within `maxChars`, with a marker saying how much was cut from the middle
 * (the start of an output usually says what it is, the end how it finished). Shorter text is returned unchanged.
 */
export function truncateMiddle(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const markerFor = (cut: number): string => `\n...[truncated ${cut} chars]...\n`;
  // The marker's length depends on the number it prints; two rounds settle it.
  let marker = markerFor(text.length - maxChars);
  marker = markerFor(text.length - (maxChars - marker.length));
  if (maxChars <= marker.length + 2) return text.slice(0, Math.max(0, maxChars));
  const keep = maxChars - marker.length;
  const head = Math.ceil(keep / 2);
  const out = text.slice(0, head) + markerFor(text.length - keep) + text.slice(text.length - (keep - head));
  // A digit more in the final marker must not push the result over the limit (capping twice must change nothing).
  return out.length <= maxChars ? out : text.slice(0, head - (out.length - maxChars)) + markerFor(text.length - keep) + text.slice(text.length - (keep - head));
}

/** The content an elided tool result is replaced by: ids and pairing stay, the bulk goes. */
export function elisionMarker(chars: number, tool: string): string {
  return `[elided ${chars} chars from ${tool}]`;
}

/** True when `content` is already an elision marker (so eliding again changes nothing). */
export function isElided(content: string): boolean {
  return /^\[elided \d+ chars from [^\]]*\]$/.test(content);
}
