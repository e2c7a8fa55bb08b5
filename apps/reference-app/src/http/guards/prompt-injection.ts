/** One kind of injection the scanner recognises, with the patterns that reveal it. */
interface ThreatRule {
  name: string;
  patterns: RegExp[];
}

// Phrasings that try to override the system prompt, exfiltrate it, or smuggle role markers into user data. Kept
// conservative: ordinary task text ("review the instructions in README") must pass.
const RULES: ThreatRule[] = [
  {
    name: 'instruction_override',
    patterns: [
      /\b(ignore|disregard|forget|override)\b[\s\S]{0,40}\b(all |any |the |your )?(previous|prior|above|earlier|system)\b[\s\S]{0,20}\b(instructions?|prompts?|rules|directions)\b/i,
      /\bnew (system )?instructions?\s*:/i,
    ],
  },
  {
    name: 'system_prompt_exfiltration',
    patterns: [
      /\b(reveal|print|show|repeat|output|leak)\b[\s\S]{0,30}\b(your |the )?(system prompt|hidden (prompt|instructions)|initial instructions)\b/i,
    ],
  },
  {
    name: 'role_hijack',
    patterns: [/\byou are now (in )?(developer|dan|jailbreak|unrestricted|god) mode\b/i, /\bact as (an? )?unrestricted\b/i],
  },
  {
    name: 'delimiter_injection',
    patterns: [/<\|(im_start|im_end|system|endoftext)\|>/i, /^\s*(###\s*)?system\s*:/im, /\[\/?INST\]/],
  },
];

/** The scanner's verdict on a request's inputs. */
export interface InjectionScan {
  safe: boolean;
  threats: string[];
  /** JSON paths of the flagged values. */
  paths: string[];
}

/**
 * Scans every string in a JSON value (keys included, nested arrays and objects followed to `maxDepth`) for prompt
 * injection. The route guard answers 400 "rejected" naming the threats when anything is found.
 */
export function scanForInjection(value: unknown, maxDepth = 32): InjectionScan {
  const threats = new Set<string>();
  const paths: string[] = [];
  const visit = (v: unknown, path: string, depth: number): void => {
    if (depth > maxDepth) return;
    if (typeof v === 'string') {
      let hit = false;
      for (const rule of RULES) {
        if (rule.patterns.some((p) => p.test(v))) {
          threats.add(rule.name);
          hit = true;
        }
      }
      if (hit) paths.push(path);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, `${path}[${i}]`, depth + 1));
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, item] of Object.entries(v)) {
        visit(k, `${path}{key}`, depth + 1);
        visit(item, `${path}.${k}`, depth + 1);
      }
    }
  };
  visit(value, '$', 0);
  return { safe: threats.size === 0, threats: [...threats].sort(), paths };
}
