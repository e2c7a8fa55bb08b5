/**
 * Text and number helpers that reproduce Python semantics the reference scoring relies on: `len()` counts code
 * points (JS `.length` counts UTF-16 units), `str.strip()` strips a different whitespace set than JS `trim()`, and
 * `round()` rounds exact ties half to even.
 */

// Python's str.isspace(): Unicode White_Space plus the bidi classes B/S/WS, which adds U+001C..U+001F and U+0085.
// U+FEFF (stripped by JS trim) is not whitespace to Python.
const PY_WHITESPACE = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
  0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** True when the code unit is whitespace to Python's `str.isspace()` (all such characters are in the BMP). */
export function isPythonWhitespace(codeUnit: number): boolean {
  return PY_WHITESPACE.has(codeUnit);
}

/** Python's `str.strip()` with no argument. */
export function pythonStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && PY_WHITESPACE.has(text.charCodeAt(start))) start += 1;
  while (end > start && PY_WHITESPACE.has(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(start, end);
}

/** Python's `len()` of a string: the number of code points (a lone surrogate counts as one). */
export function codePointLength(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
    }
    count += 1;
  }
  return count;
}

/**
 * Python's `round(value, digits)` for finite values with |value| < 1e21: correctly rounded from the exact binary
 * value, with exact ties going to the even neighbour. `toFixed` already rounds the exact value but sends ties up, so
 * ties are detected on the exact decimal expansion (`toFixed(100)` is exact for the magnitudes used here).
 */
export function roundHalfEven(value: number, digits = 0): number {
  if (!Number.isFinite(value)) return value;
  const negative = value < 0;
  const magnitude = Math.abs(value);
  // An exact tie times 2·10^digits is an odd integer, and that product is computed exactly; anything that does not
  // land on an integer is no tie, and toFixed already rounds it correctly.
  if (!Number.isInteger(magnitude * 10 ** digits * 2)) {
    const rounded = Number(magnitude.toFixed(digits));
    return negative ? -rounded : rounded;
  }
  const exact = magnitude.toFixed(100);
  const point = exact.indexOf('.');
  const tail = exact.slice(point + 1 + digits);
  const isTie = tail.length > 0 && tail[0] === '5' && /^0*$/.test(tail.slice(1));
  let rounded = Number(magnitude.toFixed(digits));
  if (isTie) {
    const kept = exact.slice(0, point + 1 + digits).replace('.', '');
    const lastDigit = Number(kept[kept.length - 1] ?? '0');
    // toFixed rounded the tie up; step back when the kept digit is already even.
    if (lastDigit % 2 === 0) rounded = Number(exact.slice(0, point + 1 + digits).replace(/\.$/, ''));
  }
  return negative ? -rounded : rounded;
}
