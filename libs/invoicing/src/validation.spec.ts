import { LA_POSTE_SIEGE_SIRET } from '@filiere/reference-data';
import { isValidIban, sellerIdentifierErrors } from './validation';

describe('seller identifiers', () => {
  it('checks IBANs by their mod-97 key', () => {
    expect(isValidIban('FR76 3000 6000 0112 3456 7890 189')).toBe(true);
    expect(isValidIban('FR76 3000 6000 0112 3456 7890 188')).toBe(false);
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('not an iban')).toBe(false);
  });

  it('wants the VAT number of the SIRET’s SIREN', () => {
    expect(sellerIdentifierErrors({ siret: LA_POSTE_SIEGE_SIRET, vatNumber: 'FR39356000000', iban: 'FR7630006000011234567890189' })).toEqual([]);
    expect(sellerIdentifierErrors({ siret: LA_POSTE_SIEGE_SIRET, vatNumber: 'FR00356000000', iban: 'FR7630006000011234567890189' }).map((e) => e.field)).toEqual(['vatNumber']);
    expect(sellerIdentifierErrors({ siret: '12345678901234', vatNumber: 'FR39356000000', iban: 'x' }).map((e) => e.field)).toEqual(['siret', 'iban']);
  });
});
