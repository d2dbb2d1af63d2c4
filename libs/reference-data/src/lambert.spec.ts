import { communeTable } from './commune-table';
import { lambert93ToWgs84 } from './lambert';

describe('lambert93ToWgs84', () => {
  it('gives the IGN reference points within a metre or so', () => {
    // Projection origin: 3°E, 46.5°N ↔ (700000, 6600000).
    const origin = lambert93ToWgs84(700000, 6600000);
    expect(origin?.lon).toBeCloseTo(3, 6);
    expect(origin?.lat).toBeCloseTo(46.5, 6);
    // Paris town hall: (652469, 6862035) → 2.3522°E, 48.8566°N.
    const paris = lambert93ToWgs84(652469, 6862035);
    expect(paris?.lon).toBeCloseTo(2.3522, 3);
    expect(paris?.lat).toBeCloseTo(48.8566, 3);
  });

  it('refuses coordinates outside metropolitan France', () => {
    expect(lambert93ToWgs84(0, 0)).toBeUndefined();
    expect(lambert93ToWgs84(Number.NaN, 6600000)).toBeUndefined();
  });
});

describe('communeTable', () => {
  it('lists communes and arrondissements with their territories', () => {
    const rows = communeTable();
    expect(rows.length).toBeGreaterThan(34000);
    expect(rows.find((r) => r.code === '25056')).toMatchObject({ communeCode: '25056', name: 'Besançon', departementCode: '25', regionCode: '27', precision: 'commune' });
    expect(rows.find((r) => r.code === '75108')).toMatchObject({ communeCode: '75056', name: 'Paris', regionCode: '11' });
  });
});
