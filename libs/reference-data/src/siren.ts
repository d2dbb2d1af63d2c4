/**
 * SIREN / SIRET check digits and the French intra-community VAT number.
 */

/** SIREN of La Poste, whose establishments' SIRETs do not follow the Luhn rule. */
export const LA_POSTE_SIREN = '356000000';
/** La Poste's head office, the one La Poste SIRET that does follow the Luhn rule. */
export const LA_POSTE_SIEGE_SIRET = '35600000000048';

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += luhnTerm(digits.charCodeAt(digits.length - 1 - i) - 48, i);
  return sum % 10 === 0;
}

/** Appends the Luhn check digit to a string of digits (e.g. 8 digits → a valid SIREN). */
export function withLuhnKey(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new RangeError(`not digits: "${digits}"`);
  for (let d = 0; d <= 9; d++) if (luhn(`${digits}${d}`)) return `${digits}${d}`;
  throw new RangeError('unreachable');
}

/** Exactly 9 digits (no spaces) with a valid Luhn key. */
export function isValidSiren(siren: string): boolean {
  return typeof siren === 'string' && /^\d{9}$/.test(siren) && luhn(siren);
}

/**
 * Exactly 14 digits (no spaces) with a valid Luhn key; its first 9 digits are then a valid SIREN.
 * La Poste (SIREN 356000000) is the exception: its establishments are numbered so that the sum of
 * the 14 digits is a multiple of 5, and the Luhn rule does not apply to them — except for its
 * head office, 356 000 000 00048, which passes Luhn (and not the sum rule).
 */
export function isValidSiret(siret: string): boolean {
  return typeof siret === 'string' && siret.length === 14 && validSiret((i) => siret.charCodeAt(i));
}

/**
 * `isValidSiret` of the 14 bytes of `bytes` from `start` (ASCII digits): for parsers that read a
 * file's bytes without making a string of each field (the SIRENE import).
 */
export function isValidSiretAt(bytes: Uint8Array, start: number): boolean {
  return start >= 0 && start + 14 <= bytes.length && validSiret((i) => bytes[start + i]);
}

/** The SIRET rule on 14 character codes read by `code(i)`: digits, then La Poste's sum or Luhn. */
function validSiret(code: (i: number) => number): boolean {
  let sum = 0;
  let luhnSum = 0;
  let laPoste = true;
  let siege = true;
  for (let i = 0; i < 14; i += 1) {
    const c = code(i);
    if (c < 48 || c > 57) return false;
    if (i < 9 && c !== LA_POSTE_SIREN.charCodeAt(i)) laPoste = false;
    if (c !== LA_POSTE_SIEGE_SIRET.charCodeAt(i)) siege = false;
    sum += c - 48;
    luhnSum += luhnTerm(c - 48, 13 - i);
  }
  if (laPoste && !siege) return sum % 5 === 0;
  return luhnSum % 10 === 0;
}

/** A digit's share of a Luhn sum, `fromRight` places from the last digit (0: the last). */
function luhnTerm(d: number, fromRight: number): number {
  if (fromRight % 2 === 0) return d;
  return d * 2 > 9 ? d * 2 - 9 : d * 2;
}

/**
 * The French intra-community VAT number of a SIREN: 'FR' + two-digit key + SIREN, with
 * key = (12 + 3 × (SIREN mod 97)) mod 97. '732829320' -> 'FR44732829320'.
 * Throws a RangeError when `siren` is not a valid SIREN.
 */
export function vatNumberFromSiren(siren: string): string {
  if (!isValidSiren(siren)) throw new RangeError(`Not a valid SIREN: ${JSON.stringify(siren)}`);
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, '0')}${siren}`;
}
