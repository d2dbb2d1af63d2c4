import * as referenceData from './index';

describe('@filiere/reference-data entry point', () => {
  it('exports the documented API through the workspace alias', () => {
    for (const name of [
      'findRegion', 'listRegions', 'findDepartement', 'findCommune', 'searchCommunes',
      'normalizeNafCode', 'findNaf', 'isNafSousClasse', 'nafAncestors', 'nafChildren', 'nafCloseness', 'searchNaf',
      'isValidSiren', 'isValidSiret', 'vatNumberFromSiren', 'findHeadcountBand', 'communePoint', 'distanceKm',
    ] as const) {
      expect(typeof referenceData[name]).toBe('function');
    }
    expect(referenceData.HEADCOUNT_BANDS).toHaveLength(16);
  });

  it('ties the pieces together for a real establishment', () => {
    // Google France: SIRET 732 829 320 00074, VAT FR44732829320.
    expect(referenceData.isValidSiret('73282932000074')).toBe(true);
    expect(referenceData.vatNumberFromSiren('73282932000074'.slice(0, 9))).toBe('FR44732829320');
    expect(referenceData.findCommune('75056')?.regionCode).toBe('11');
    expect(referenceData.findNaf('7010Z')?.sectionCode).toBe('M');
  });
});
