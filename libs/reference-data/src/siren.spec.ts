import { isValidSiren, isValidSiret, isValidSiretAt, vatNumberFromSiren } from './siren';

describe('isValidSiren', () => {
  it.each(['732829320', '356000000', '552032534', '542107651'])('accepts the real SIREN %s', (siren) => {
    expect(isValidSiren(siren)).toBe(true);
  });

  it.each([
    ['732829321', 'last digit changed'],
    ['732829330', 'one digit changed'],
    ['73282932', 'too short'],
    ['7328293200', 'too long'],
    ['732 829 320', 'spaces'],
    ['73282932A', 'a letter'],
    ['', 'empty'],
  ])('rejects %s (%s)', (siren) => {
    expect(isValidSiren(siren)).toBe(false);
  });
});

describe('isValidSiret', () => {
  it('accepts a Luhn-valid SIRET', () => {
    expect(isValidSiret('73282932000074')).toBe(true);
  });

  it('rejects it when any one digit changes', () => {
    const siret = '73282932000074';
    for (let i = 0; i < siret.length; i++) {
      const changed = siret.slice(0, i) + String((Number(siret[i]) + 1) % 10) + siret.slice(i + 1);
      expect(isValidSiret(changed)).toBe(false);
    }
  });

  it('rejects wrong shapes', () => {
    expect(isValidSiret('7328293200007')).toBe(false);
    expect(isValidSiret('732829320000740')).toBe(false);
    expect(isValidSiret('732 829 320 00074')).toBe(false);
    expect(isValidSiret('7328293200007A')).toBe(false);
    expect(isValidSiret('')).toBe(false);
  });

  it('accepts the La Poste head office, which keeps the Luhn key', () => {
    expect(isValidSiret('35600000000048')).toBe(true);
  });

  it('validates other La Poste SIRETs by the sum of their digits, not by Luhn', () => {
    // 3+5+6+0+…+0+0+1 = 15: a multiple of 5, although the Luhn key is wrong.
    expect(isValidSiret('35600000000001')).toBe(true);
    // A real La Poste office: 3+5+6+4+9+5+2+9 = 43 -> not a multiple of 5.
    expect(isValidSiret('35600000049529')).toBe(false);
    // 35600000000014 passes Luhn but its digits sum to 19: La Poste's rule rejects it.
    expect(isValidSiret('35600000000014')).toBe(false);
    // 3+5+6+1+0 = 15 and 3+5+6+1+9 = 24.
    expect(isValidSiret('35600000000010')).toBe(true);
    expect(isValidSiret('35600000000019')).toBe(false);
  });
});

describe('vatNumberFromSiren', () => {
  it('computes the two-digit key of real SIRENs', () => {
    expect(vatNumberFromSiren('732829320')).toBe('FR44732829320');
    expect(vatNumberFromSiren('356000000')).toBe('FR39356000000'); // La Poste
    expect(vatNumberFromSiren('552032534')).toBe('FR27552032534'); // Danone
  });

  it('zero-pads a one-digit key', () => {
    // 100000207 mod 97 = 94; (12 + 3 × 94) mod 97 = 294 mod 97 = 3.
    expect(vatNumberFromSiren('100000207')).toBe('FR03100000207');
  });

  it('refuses something that is not a SIREN', () => {
    expect(() => vatNumberFromSiren('732829321')).toThrow(RangeError);
    expect(() => vatNumberFromSiren('abc')).toThrow(RangeError);
  });
});

describe('isValidSiretAt', () => {
  it('reads 14 bytes as isValidSiret reads the string, La Poste included', () => {
    const sirets = ['73282932000074', '73282932000075', '35600000000048', '35600000012345', '35600000012346', '7328293200007A', '732829320000 4'];
    for (const siret of sirets) {
      const bytes = Buffer.from(`xx${siret}yy`, 'latin1');
      expect([siret, isValidSiretAt(bytes, 2)]).toEqual([siret, isValidSiret(siret)]);
    }
    expect(isValidSiretAt(Buffer.from('7328293200007'), 0)).toBe(false);
  });
});
