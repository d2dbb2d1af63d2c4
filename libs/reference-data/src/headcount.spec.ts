import { HEADCOUNT_BANDS, findHeadcountBand, headcountBandFor } from './headcount';

describe('headcount bands', () => {
  it('has the 16 INSEE bands in order', () => {
    expect(HEADCOUNT_BANDS.map((b) => b.code)).toEqual([
      'NN', '00', '01', '02', '03', '11', '12', '21', '22', '31', '32', '41', '42', '51', '52', '53',
    ]);
  });

  it('has contiguous ranges from 0 upwards', () => {
    const numeric = HEADCOUNT_BANDS.filter((b) => b.min !== null);
    for (let i = 1; i < numeric.length; i++) {
      expect(numeric[i].min).toBe((numeric[i - 1].max ?? NaN) + 1);
    }
    expect(numeric[0].min).toBe(0);
    expect(numeric[numeric.length - 1].max).toBeNull();
  });

  it('finds a band by code', () => {
    expect(findHeadcountBand('12')).toEqual({ code: '12', label: '20 à 49 salariés', min: 20, max: 49 });
    expect(findHeadcountBand('nn')).toMatchObject({ code: 'NN', min: null, max: null });
    expect(findHeadcountBand('53')).toMatchObject({ min: 10000, max: null });
    expect(findHeadcountBand('13')).toBeUndefined();
    expect(findHeadcountBand('')).toBeUndefined();
  });

  it('finds the band of a headcount', () => {
    expect(headcountBandFor(0)?.code).toBe('00');
    expect(headcountBandFor(2)?.code).toBe('01');
    expect(headcountBandFor(35)?.code).toBe('12');
    expect(headcountBandFor(249)?.code).toBe('31');
    expect(headcountBandFor(250)?.code).toBe('32');
    expect(headcountBandFor(12000)?.code).toBe('53');
    expect(headcountBandFor(-1)).toBeUndefined();
    expect(headcountBandFor(2.5)).toBeUndefined();
  });
});
