/**
 * Flattens MCP content blocks to text: text blocks joined by newlines, other blocks serialised (images and audio as
 * a short placeholder, resources by their text or URI), the whole trimmed.
 */
export function flattenToolContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content === undefined || content === null ? '' : JSON.stringify(content);
  const parts: string[] = [];
  for (const block of content) {
    if (typeof block === 'string') {
      parts.push(block);
      continue;
    }
    if (typeof block !== 'object' || block === null) {
      parts.push(String(block));
      continue;
    }
    const record = block as Record<string, unknown>;
    if (typeof record['text'] === 'string') parts.push(record['text']);
    else if (record['type'] === 'image' || record['type'] === 'audio') parts.push(`[${String(record['type'])}: ${String(record['mimeType'] ?? 'binary')}]`);
    else if (record['type'] === 'resource' && typeof record['resource'] === 'object' && record['resource'] !== null) {
      const resource = record['resource'] as Record<string, unknown>;
      parts.push(typeof resource['text'] === 'string' ? resource['text'] : `[resource: ${String(resource['uri'] ?? '')}]`);
    } else if (record['type'] === 'resource_link') parts.push(`[resource: ${String(record['uri'] ?? '')}]`);
    else parts.push(JSON.stringify(block));
  }
  return parts.join('\n').trim();
}

/**
 * Parses a `tools/list` entry list the reference way: non-object entries skipped, missing fields defaulted
 * (description "", schema `{type:'object', properties:{}}`), `inputSchema` or `input_schema` accepted.
 */
export function parseToolEntries(entries: unknown): Array<Record<string, unknown> & { name: string; description: string; inputSchema: object }> {
  if (!Array.isArray(entries)) return [];
  const tools: Array<Record<string, unknown> & { name: string; description: string; inputSchema: object }> = [];
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
    const record = entry as Record<string, unknown>;
    const schema = record['inputSchema'] ?? record['input_schema'];
    tools.push({
      ...record,
      name: typeof record['name'] === 'string' ? record['name'] : '',
      description: typeof record['description'] === 'string' ? record['description'] : '',
      inputSchema: typeof schema === 'object' && schema !== null ? (schema as object) : { type: 'object', properties: {} },
    });
  }
  return tools;
}
