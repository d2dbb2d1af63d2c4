import { isValidSiret, vatNumberFromSiren } from '@filiere/reference-data';
import type { FieldError } from '@filiere/platform/errors';

/** ISO 13616 IBAN check (mod 97 = 1), spaces ignored. */
export function isValidIban(input: string): boolean {
  const iban = input.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const digits = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

/** Field errors of the seller's identifiers: SIRET (Luhn), VAT number (the one of its SIREN), IBAN. */
export function sellerIdentifierErrors(s: { siret: string; vatNumber: string; iban: string }): FieldError[] {
  const errors: FieldError[] = [];
  if (!isValidSiret(s.siret)) errors.push({ field: 'siret', message: 'not a valid SIRET (14 digits, Luhn key)' });
  else if (vatNumberFromSiren(s.siret.slice(0, 9)) !== s.vatNumber.replace(/\s+/g, '').toUpperCase()) {
    errors.push({ field: 'vatNumber', message: `does not match the SIREN (expected ${vatNumberFromSiren(s.siret.slice(0, 9))})` });
  }
  if (!isValidIban(s.iban)) errors.push({ field: 'iban', message: 'not a valid IBAN (checksum)' });
  return errors;
}
