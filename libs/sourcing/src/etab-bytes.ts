import { normalizeNafCode } from '@filiere/reference-data';

/**
 * StockEtablissement records read from their bytes (`readFromBytes` in `etab-rows.ts`), for the
 * records written the usual way — which, in the INSEE files, is nearly all of them: every code in
 * its canonical form (no blank around it). Those need no string per field: the codes are checked
 * and copied byte for byte into the COPY line; names and signs in printable ASCII too, lower-cased
 * byte for byte for the search text, the others decoded on their own. Any other record — one to
 * reject, a code to normalise — is declined, and the general path (`etabRecord`, on strings) makes
 * its line: the lines are the same either way (tested on records of every kind, with this path and
 * without it).
 */

/** A text's UTF-8 bytes, made once (the parts of a line that repeat). */
export function utf8Bytes(s: string): Uint8Array {
  return Buffer.from(s, 'utf8');
}

/** Bytes `trim()` would take off a field read as a byte string (latin1): ASCII white space and the no-break space. */
function isBlank(b: number): boolean {
  return b === 32 || (b >= 9 && b <= 13) || b === 0xa0;
}

/** Whether a field has a blank at either end (`trim()` would change it). */
export function blankEnds(src: Uint8Array, start: number, end: number): boolean {
  return start < end && (isBlank(src[start]) || isBlank(src[end - 1]));
}

/** Whether a field is `[ND]` (not diffusible: unknown, as a blank field). */
export function isND(src: Uint8Array, start: number, end: number): boolean {
  return end - start === 4 && src[start] === 91 && src[start + 1] === 78 && src[start + 2] === 68 && src[start + 3] === 93;
}

function isDigit(b: number): boolean {
  return b >= 48 && b <= 57;
}

/** `end - start` digits. */
export function digits(src: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) if (!isDigit(src[i])) return false;
  return true;
}

/** Whether two spans hold the same bytes. */
export function sameBytes(src: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i += 1) if (src[a + i] !== src[b + i]) return false;
  return true;
}

/** Whether two spans hold the same text once lower-cased (ASCII). */
export function sameLower(src: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let i = 0; i < aEnd - a; i += 1) {
    let x = src[a + i];
    let y = src[b + i];
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  return true;
}

/**
 * A commune code's slot from its five character codes: the five digits as a number, Corsica's 2A…
 * and 2B… after them; -1 for any other form (`CommuneIndex`).
 */
export function communeSlotOf(c0: number, c1: number, c2: number, c3: number, c4: number): number {
  if (!isDigit(c0) || !isDigit(c2) || !isDigit(c3) || !isDigit(c4)) return -1;
  const n = (c2 - 48) * 100 + (c3 - 48) * 10 + (c4 - 48);
  if (isDigit(c1)) return ((c0 - 48) * 10 + c1 - 48) * 1000 + n;
  return c0 === 50 && (c1 === 65 || c1 === 66) ? 100_000 + (c1 - 65) * 1000 + n : -1;
}

/** The slot of the five-byte commune code at `start` (`communeSlotOf`). */
export function communeSlotAt(src: Uint8Array, start: number): number {
  return communeSlotOf(src[start], src[start + 1], src[start + 2], src[start + 3], src[start + 4]);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether a year, month and day make a day of the calendar from 1800 on (PostgreSQL refuses '2021-02-29'). */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < 1800 || month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0);
}

/** `calendarDate` on bytes: a 'YYYY-MM-DD' day of the calendar from 1800 on. */
export function calendarDateAt(src: Uint8Array, start: number, end: number): boolean {
  if (end - start !== 10 || src[start + 4] !== 45 || src[start + 7] !== 45) return false;
  if (!digits(src, start, start + 4) || !digits(src, start + 5, start + 7) || !digits(src, start + 8, end)) return false;
  const num = (i: number, n: number): number => {
    let v = 0;
    for (let k = i; k < i + n; k += 1) v = v * 10 + src[k] - 48;
    return v;
  };
  return isCalendarDay(num(start, 4), num(start + 5, 2), num(start + 8, 2));
}

/**
 * NAF codes of up to 6 bytes (`25.62B`) by their bytes read as a number: one Map read per record,
 * no string. Each gives the bytes of its normalised code (`normalizeNafCode`), made once; null:
 * invalid. Longer spellings are left to the general path (undefined).
 */
export class NafByBytes {
  private readonly known = new Map<number, Uint8Array | null>();

  of(src: Uint8Array, start: number, end: number): Uint8Array | null | undefined {
    if (end - start > 6) return undefined;
    let key = end - start;
    for (let i = start; i < end; i += 1) key = key * 256 + src[i];
    const hit = this.known.get(key);
    if (hit !== undefined) return hit;
    const naf = normalizeNafCode(Buffer.from(src.buffer, src.byteOffset + start, end - start).toString('latin1'));
    const value = naf === null ? null : utf8Bytes(naf);
    // Bounded, as `memo` is: a file full of junk codes does not grow the memory.
    if (this.known.size < 100_000) this.known.set(key, value);
    return value;
  }
}

/**
 * A name written the usual way: printable ASCII with no backslash (nothing to escape for COPY,
 * nothing to decode), no blank at either end, not `[ND]`, at most 250 characters (`left(…, 250)`).
 */
export function plainAsciiText(src: Uint8Array, start: number, end: number): boolean {
  if (end - start > 250 || src[start] === 32 || src[end - 1] === 32 || isND(src, start, end)) return false;
  for (let i = start; i < end; i += 1) {
    const b = src[i];
    if (b < 32 || b > 126 || b === 92) return false;
  }
  return true;
}
