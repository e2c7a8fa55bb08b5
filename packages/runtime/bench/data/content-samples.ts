/**
 * Deterministic text samples per content class, for the token-count benchmark and the counter honesty tests.
 * Every sample comes from a seeded PRNG over small vocabularies written here, so runs are reproducible.
 */

/** A small seeded PRNG (mulberry32): deterministic across platforms. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));

const WORDS = (
  'the of and to in is that for it as was with be by on not he this are or his from at which but have an they you ' +
  'were her all she there would their we him been has when who will more no if out so said what up its about into ' +
  'than them can only other new some could time these two may then do first any my now such like our over man me ' +
  'even most made after also did many before must through back years where much your way well down should because ' +
  'each just those people how too little state good very make world still own see men work long get here between ' +
  'both life being under never day same another know while last might us great old year off come since against go ' +
  'came right used take three deployment configuration repository infrastructure measurement international ' +
  'responsibility understanding development environment performance application documentation'
).split(' ');
const IDENTS = ['user', 'account', 'items', 'result', 'config', 'index', 'value', 'buffer', 'request', 'response', 'handler', 'count', 'total', 'cache', 'options', 'error', 'path', 'node', 'entry', 'token'];
const CJK = '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计'.split('');
const KANA = 'あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんがぎぐげござじずぜぞだでどばびぶべぼ'.split('');
const KANJI = '日本語私東京時間会社仕事電話学校先生友達天気今日明日食事'.split('');
const RU = 'и в не на я быть он с что а по это она этот к но они мы как из у который то за свой весь год от так о для ты же все тот мочь вы человек такой его сказать только или еще бы себя один как уже до время если сам когда другой вот говорить наш мой знать стать при чтобы дело жизнь кто первый очень два день её новый рука даже во со раз где там под можно ну какой после их работа без самый потом надо хотеть ли слово идти большой должен место иметь ничто'.split(' ');
const EMOJI = ['😀', '🚀', '🎉', '👍', '❤️', '🔥', '✅', '🤖', '📦', '🌍', '👩‍💻', '🙏', '⚡', '🐛', '📈'];
const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function sentence(rng: Rng): string {
  const words = Array.from({ length: int(rng, 6, 18) }, () => pick(rng, WORDS));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + pick(rng, ['.', '.', '.', '?', '!', ',']);
}

function hex(rng: Rng, length: number): string {
  return Array.from({ length }, () => pick(rng, HEX.split(''))).join('');
}

function jsonValue(rng: Rng, depth: number): unknown {
  const roll = rng();
  if (depth > 2 || roll < 0.3) return pick(rng, [int(rng, 0, 99999), `${pick(rng, IDENTS)}-${int(rng, 1, 999)}`, rng() < 0.5, null, Math.round(rng() * 1e4) / 100]);
  if (roll < 0.6) return Array.from({ length: int(rng, 1, 4) }, () => jsonValue(rng, depth + 1));
  return Object.fromEntries(Array.from({ length: int(rng, 1, 5) }, () => [`${pick(rng, IDENTS)}${pick(rng, ['', 'Id', '_name', 'Count'])}`, jsonValue(rng, depth + 1)]));
}

function tsFunction(rng: Rng): string {
  const name = `${pick(rng, ['get', 'load', 'parse', 'build', 'apply'])}${pick(rng, IDENTS).replace(/^./, (c) => c.toUpperCase())}`;
  const a = pick(rng, IDENTS);
  const b = pick(rng, IDENTS);
  return [
    `export async function ${name}(${a}: ${pick(rng, ['string', 'number', 'Record<string, unknown>'])}, ${b}?: Options): Promise<Result> {`,
    `  const ${b}List = await fetchAll(${a}, { limit: ${int(rng, 1, 500)}, retry: ${rng() < 0.5} });`,
    `  for (const item of ${b}List) {`,
    `    if (item.${pick(rng, IDENTS)} === undefined || item.count > ${int(rng, 2, 99)}) continue;`,
    `    cache.set(\`\${item.id}:\${${a}}\`, item);`,
    '  }',
    `  return { ok: true, total: ${b}List.length };`,
    '}',
  ].join('\n');
}

function pyFunction(rng: Rng): string {
  const a = pick(rng, IDENTS);
  return [
    `def ${pick(rng, ['compute', 'fetch', 'render', 'merge'])}_${a}(${a}, limit=${int(rng, 1, 100)}):`,
    `    """${sentence(rng)}"""`,
    `    results = [x for x in ${a} if x.${pick(rng, IDENTS)} is not None]`,
    `    if len(results) > limit:`,
    `        raise ValueError(f"too many {len(results)} > {limit}")`,
    `    return {"count": len(results), "items": results[:${int(rng, 1, 9)}]}`,
    '',
  ].join('\n');
}

function htmlBlock(rng: Rng): string {
  return `<div class="${pick(rng, IDENTS)}-${pick(rng, ['card', 'row', 'panel'])}" id="${pick(rng, IDENTS)}${int(rng, 1, 99)}"><h2>${sentence(rng)}</h2><p>${sentence(rng)} <a href="/docs/${pick(rng, IDENTS)}?page=${int(rng, 1, 9)}">${pick(rng, WORDS)}</a></p><ul><li>${pick(rng, WORDS)}</li><li>${pick(rng, WORDS)}</li></ul></div>\n`;
}

function logLine(rng: Rng): string {
  const ts = `2026-${String(int(rng, 1, 12)).padStart(2, '0')}-${String(int(rng, 1, 28)).padStart(2, '0')}T${String(int(rng, 0, 23)).padStart(2, '0')}:${String(int(rng, 0, 59)).padStart(2, '0')}:${String(int(rng, 0, 59)).padStart(2, '0')}.${int(rng, 100, 999)}Z`;
  return `${ts} ${pick(rng, ['INFO', 'WARN', 'ERROR', 'DEBUG'])} [${pick(rng, IDENTS)}] trace_id=${hex(rng, 32)} span_id=${hex(rng, 16)} ${pick(rng, WORDS)} ${pick(rng, WORDS)} duration_ms=${int(rng, 1, 9999)}\n`;
}

/** The content classes measured, each a generator of roughly `chars` characters. */
export const CONTENT_CLASSES: Record<string, (rng: Rng, chars: number) => string> = {
  prose: (rng, chars) => fill(chars, () => sentence(rng) + ' '),
  code: (rng, chars) => fill(chars, () => tsFunction(rng) + '\n\n'),
  python: (rng, chars) => fill(chars, () => pyFunction(rng) + '\n'),
  json: (rng, chars) => fill(chars, () => JSON.stringify(jsonValue(rng, 0))),
  'json-pretty': (rng, chars) => fill(chars, () => JSON.stringify(jsonValue(rng, 0), null, 2) + '\n'),
  html: (rng, chars) => fill(chars, () => htmlBlock(rng)),
  cjk: (rng, chars) => fill(chars, () => Array.from({ length: int(rng, 8, 20) }, () => pick(rng, CJK)).join('') + pick(rng, ['。', '，', '！', '？'])),
  japanese: (rng, chars) => fill(chars, () => Array.from({ length: int(rng, 8, 20) }, () => (rng() < 0.7 ? pick(rng, KANA) : pick(rng, KANJI))).join('') + '。'),
  russian: (rng, chars) => fill(chars, () => Array.from({ length: int(rng, 6, 14) }, () => pick(rng, RU)).join(' ') + '. '),
  emoji: (rng, chars) => fill(chars, () => `${pick(rng, WORDS)} ${pick(rng, EMOJI)}${pick(rng, EMOJI)} `),
  base64: (rng, chars) => fill(chars, () => Array.from({ length: 76 }, () => pick(rng, B64.split(''))).join('') + '\n'),
  logs: (rng, chars) => fill(chars, () => logLine(rng)),
  mixed: (rng, chars) => fill(chars, () => pick(rng, [sentence(rng) + ' ', tsFunction(rng) + '\n', JSON.stringify(jsonValue(rng, 0)), logLine(rng)])),
};

function fill(chars: number, next: () => string): string {
  let text = '';
  while (text.length < chars) text += next();
  return text;
}

/** `count` samples of each class, sized between `minChars` and `maxChars`, from one seed. */
export function contentSamples(seed: number, count: number, minChars = 200, maxChars = 4_000): Array<{ cls: string; text: string }> {
  const rng = prng(seed);
  const samples: Array<{ cls: string; text: string }> = [];
  for (const [cls, generate] of Object.entries(CONTENT_CLASSES)) {
    for (let index = 0; index < count; index += 1) samples.push({ cls, text: generate(rng, int(rng, minChars, maxChars)) });
  }
  return samples;
}
