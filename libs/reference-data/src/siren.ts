/**
 * SIREN / SIRET check digits and the French intra-community VAT number.
 */

/** SIREN of La Poste, whose establishments' SIRETs do not follow the Luhn rule. */
export const LA_POSTE_SIREN = '356000000';
/** La Poste's head office, the one La Poste SIRET that does follow the Luhn rule. */
export const LA_POSTE_SIEGE_SIRET = '35600000000048';

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Appends the Luhn check digit to a string of digits (e.g. 8 digits → a valid SIREN). */
export function withLuhnKey(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new RangeError(`not digits: "${digits}"`);
  for (let d = 0; d <= 9; d++) if (luhn(`${digits}${d}`)) return `${digits}${d}`;
  throw new RangeError('unreachable');
}

function digitSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += digits.charCodeAt(i) - 48;
  return sum;
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
  if (typeof siret !== 'string' || !/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith(LA_POSTE_SIREN) && siret !== LA_POSTE_SIEGE_SIRET) return digitSum(siret) % 5 === 0;
  return luhn(siret);
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
