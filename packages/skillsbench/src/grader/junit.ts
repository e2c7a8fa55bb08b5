import type { CtrfTestLite } from '../sandbox/types.js';

function attr(attrs: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}="([^"]*)"`).exec(attrs);
  return match ? decode(match[1] ?? '') : undefined;
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/**
 * Reads the `<testcase>` elements of a JUnit XML report (pytest's `--junitxml`): name `classname::name`, status from
 * a `<failure>` / `<error>` / `<skipped>` child, `time` seconds converted to integer milliseconds.
 */
export function parseJunitXml(xml: string): CtrfTestLite[] {
  const out: CtrfTestLite[] = [];
  const re = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const match of xml.matchAll(re)) {
    const attrs = match[1] ?? '';
    const body = match[3] ?? '';
    const name = attr(attrs, 'name') ?? 'unnamed';
    const classname = attr(attrs, 'classname');
    const file = attr(attrs, 'file');
    const seconds = Number.parseFloat(attr(attrs, 'time') ?? '0');
    const failure = /<(failure|error)\b([^>]*)/.exec(body);
    const status: CtrfTestLite['status'] = failure ? 'failed' : /<skipped\b/.test(body) ? 'skipped' : 'passed';
    const message = failure ? attr(failure[2] ?? '', 'message') : undefined;
    out.push({
      name: classname ? `${classname}::${name}` : name,
      status,
      durationMs: Number.isFinite(seconds) ? Math.max(0, Math.round(seconds * 1000)) : 0,
      ...(file === undefined ? {} : { filePath: file }),
      ...(message === undefined ? {} : { message }),
      ...(classname === undefined ? {} : { suite: classname.split('.') }),
    });
  }
  return out;
}
