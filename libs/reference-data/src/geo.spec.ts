import { communePoint, distanceKm } from './geo';

describe('communePoint', () => {
  it('gives a commune its own point', () => {
    const besancon = communePoint('25056');
    expect(besancon?.precision).toBe('commune');
    expect(besancon?.lat).toBeCloseTo(47.24, 1);
    expect(besancon?.lon).toBeCloseTo(6.02, 1);
  });

  it('places Paris although GeoNames gives it no INSEE code', () => {
    const paris = communePoint('75056');
    expect(paris?.precision).toBe('commune');
    expect(paris?.lat).toBeCloseTo(48.86, 1);
    expect(paris?.lon).toBeCloseTo(2.35, 1);
    expect(communePoint('75108')).toMatchObject({ precision: 'commune' });
  });

  it("falls back to the département's chef-lieu for small communes", () => {
    // L'Abergement-Clémenciat (Ain, 860 inhabitants) -> Bourg-en-Bresse.
    const small = communePoint('01001');
    const bourg = communePoint('01053');
    expect(bourg?.precision).toBe('commune');
    expect(small).toEqual({ lat: bourg?.lat, lon: bourg?.lon, precision: 'chef-lieu' });
  });

  it('is undefined for unknown communes', () => {
    expect(communePoint('99999')).toBeUndefined();
  });

  it('covers nearly every commune one way or the other', () => {
    // Sanity: a few well-known places are in France.
    for (const code of ['29019', '2A004', '67482', '13055', '69123', '59350']) {
      const p = communePoint(code);
      expect(p?.precision).toBe('commune');
      expect(p?.lat).toBeGreaterThan(41);
      expect(p?.lat).toBeLessThan(51.5);
    }
  });
});

describe('distanceKm', () => {
  it('computes great-circle distances between points', () => {
    expect(distanceKm({ lat: 0, lon: 0 }, { lat: 0, lon: 0 })).toBe(0);
    // One degree of latitude is about 111.2 km.
    expect(distanceKm({ lat: 45, lon: 5 }, { lat: 46, lon: 5 })).toBeCloseTo(111.2, 0);
  });

  it('computes distances between communes by code', () => {
    // Paris – Besançon: about 327 km as the crow flies.
    const d = distanceKm('75056', '25056');
    expect(d).toBeGreaterThan(315);
    expect(d).toBeLessThan(340);
    expect(distanceKm('29019', { lat: 48.39, lon: -4.49 })).toBeLessThan(5);
    expect(distanceKm('99999', '25056')).toBeUndefined();
  });
});
