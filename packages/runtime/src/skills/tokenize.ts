/**
 * Stop words removed from skill documents and queries: function words that carry no topic. This is the reference
 * list's scope (about seventy words), written for this package.
 */
export const PARITY_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it ' +
    'its me my no not of on or our she should so than that the their them then there these they this those to too ' +
    'up us was we were what when where which who why will with would you your all any'
  ).split(' '),
);

/** The default stop list: the parity list plus request filler that never names a skill. */
export const DEFAULT_STOP_WORDS: ReadonlySet<string> = new Set([
  ...PARITY_STOP_WORDS,
  ...'please want need help some just also very about via get make let me am being'.split(' '),
]);

/** Tokenizer options: stop words, camelCase splitting, Unicode normalisation and the light stemmer. */
export interface TokenizeOptions {
  stopWords?: ReadonlySet<string>;
  /** Split `camelCase` and `PascalCase` words and apply NFKC normalisation (default true). */
  normalize?: boolean;
  /** Apply {@link lightStem} to every token (default false). */
  stem?: boolean;
}

/**
 * A light English stemmer for plural, past, progressive and adverb endings (s, es, ies, ed, ing, ly), plus a final
 * silent `e`, so that a base form and its inflections meet: `deploys`, `deployed`, `deploying` → `deploy`;
 * `cache`, `caching`, `cached` → `cach`. Stems are index keys, not words. Short words, words with digits and
 * `-eed` words (`speed`, `need`) are left alone, and `-ed`/`-ing` are only removed when a vowel stays.
 */
export function lightStem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(?:ches|shes|xes|zes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('ing') && w.length > 5 && HAS_VOWEL.test(w.slice(0, -3))) w = w.slice(0, -3);
  else if (w.endsWith('ed') && !w.endsWith('eed') && w.length > 4 && HAS_VOWEL.test(w.slice(0, -2))) w = w.slice(0, -2);
  else if (w.endsWith('ly') && w.length > 4) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  // running → run, shipped → ship: undo the doubled final consonant.
  if (/([bdfgklmnprtz])\1$/.test(w)) w = w.slice(0, -1);
  // write / writing, release / released: drop the silent e so both sides of the inflection agree.
  if (w.length > 3 && w.endsWith('e') && !w.endsWith('ee')) w = w.slice(0, -1);
  return w;
}

const HAS_VOWEL = /[aeiouy]/;

// Queries and documents repeat a small vocabulary; stemming each word once keeps stemmed search as fast as exact.
// Bounded: cleared when full, so arbitrary input cannot grow it without limit.
const STEM_CACHE = new Map<string, string>();
const STEM_CACHE_LIMIT = 50_000;

function cachedStem(word: string): string {
  let stem = STEM_CACHE.get(word);
  if (stem === undefined) {
    if (STEM_CACHE.size >= STEM_CACHE_LIMIT) STEM_CACHE.clear();
    STEM_CACHE.set(word, (stem = lightStem(word)));
  }
  return stem;
}

const PARITY_SPLIT = /[a-z0-9]+/g;
const UNICODE_SPLIT = /[\p{L}\p{N}]+/gu;

/**
 * Splits text into index terms. With `normalize` (the default) text is NFKC-normalised, camelCase is split and any
 * letters or digits form terms; without it, the reference tokenizer: lowercase ASCII `[a-z0-9]+` runs.
 */
export function tokenize(text: string, o: TokenizeOptions = {}): string[] {
  const stopWords = o.stopWords ?? PARITY_STOP_WORDS;
  const normalize = o.normalize ?? true;
  const prepared = normalize ? text.normalize('NFKC').replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').toLowerCase() : text.toLowerCase();
  const terms: string[] = [];
  for (const term of prepared.match(normalize ? UNICODE_SPLIT : PARITY_SPLIT) ?? []) {
    if (stopWords.has(term)) continue;
    terms.push(o.stem === true ? cachedStem(term) : term);
  }
  return terms;
}
