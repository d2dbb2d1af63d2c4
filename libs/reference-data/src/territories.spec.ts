import {
  departementChefLieu,
  findCommune,
  findDepartement,
  findEpci,
  findRegion,
  listDepartements,
  listRegions,
  searchCommunes,
} from './territories';

describe('regions and départements', () => {
  it('finds regions by INSEE code', () => {
    expect(findRegion('27')).toEqual({ code: '27', name: 'Bourgogne-Franche-Comté' });
    expect(findRegion('53')).toEqual({ code: '53', name: 'Bretagne' });
    expect(findRegion('99')).toBeUndefined();
  });

  it('lists the 18 regions and the overseas collectivities', () => {
    const codes = listRegions().map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['01', '02', '03', '04', '06', '11', '24', '27', '28', '32', '44', '52', '53', '75', '76', '84', '93', '94']));
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('finds départements, including Corsica and overseas', () => {
    expect(findDepartement('25')).toEqual({ code: '25', name: 'Doubs', regionCode: '27' });
    expect(findDepartement('2a')).toMatchObject({ code: '2A', name: 'Corse-du-Sud', regionCode: '94' });
    expect(findDepartement('974')).toMatchObject({ name: 'La Réunion', regionCode: '04' });
    expect(findDepartement('20')).toBeUndefined();
    expect(listDepartements('27').map((d) => d.code)).toEqual(['21', '25', '39', '58', '70', '71', '89', '90']);
    expect(listDepartements().length).toBeGreaterThanOrEqual(101);
    expect(departementChefLieu('25')).toBe('25056');
  });
});

describe('findCommune', () => {
  it('finds Besançon in the Doubs, Bourgogne-Franche-Comté', () => {
    const besancon = findCommune('25056');
    expect(besancon).toMatchObject({ code: '25056', name: 'Besançon', departementCode: '25', regionCode: '27' });
    expect(besancon?.postcodes).toContain('25000');
    expect(besancon?.population).toBeGreaterThan(100_000);
    expect(besancon?.epciCode).toMatch(/^\d{9}$/);
    expect(findEpci(besancon?.epciCode ?? '')?.name).toMatch(/Besançon/);
  });

  it('finds Brest in Bretagne and Paris with its 21 postcodes', () => {
    expect(findCommune('29019')).toMatchObject({ name: 'Brest', departementCode: '29', regionCode: '53' });
    const paris = findCommune('75056');
    expect(paris).toMatchObject({ name: 'Paris', departementCode: '75', regionCode: '11' });
    expect(paris?.postcodes).toEqual(expect.arrayContaining(['75001', '75116', '75020']));
  });

  it('finds Corsican and overseas communes', () => {
    expect(findCommune('2A004')).toMatchObject({ name: 'Ajaccio', departementCode: '2A', regionCode: '94' });
    expect(findCommune('2a004')?.code).toBe('2A004');
    expect(findCommune('97411')).toMatchObject({ name: 'Saint-Denis', departementCode: '974', regionCode: '04' });
  });

  it('maps municipal arrondissements to their commune', () => {
    expect(findCommune('75108')?.code).toBe('75056');
    expect(findCommune('69383')?.code).toBe('69123');
    expect(findCommune('13201')?.code).toBe('13055');
  });

  it('knows only current communes', () => {
    expect(findCommune('99999')).toBeUndefined();
    expect(findCommune('')).toBeUndefined();
    // Pierrefitte-sur-Seine merged into Saint-Denis (93066) and is now only a commune déléguée.
    expect(findCommune('93059')).toBeUndefined();
    expect(findCommune('93066')?.name).toBe('Saint-Denis');
  });

  it('returns frozen shared objects', () => {
    const c = findCommune('25056');
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c?.postcodes)).toBe(true);
  });
});

describe('searchCommunes', () => {
  it('matches a name prefix regardless of case and accents, biggest first', () => {
    const results = searchCommunes('besan');
    expect(results[0]?.code).toBe('25056');
    const populations = searchCommunes('saint', 20).map((c) => c.population ?? -1);
    expect(populations).toEqual([...populations].sort((a, b) => b - a));
    expect(searchCommunes('SAINT ETIENNE')[0]?.code).toBe('42218');
    expect(searchCommunes('saint-étienne')[0]?.code).toBe('42218');
    expect(searchCommunes('st etienne')[0]?.code).toBe('42218');
  });

  it('puts whole-name prefix matches before later-word matches', () => {
    expect(searchCommunes('rochelle')[0]?.code).toBe('17300'); // La Rochelle
    expect(searchCommunes('bre')[0]?.code).toBe('29019'); // Brest
  });

  it('matches postcodes by prefix and INSEE codes exactly', () => {
    expect(searchCommunes('25000').map((c) => c.code)).toContain('25056');
    const doubs = searchCommunes('25', 30);
    expect(doubs).toHaveLength(30);
    for (const c of doubs) expect(c.postcodes.some((p) => p.startsWith('25'))).toBe(true);
    expect(searchCommunes('75008').map((c) => c.code)).toEqual(['75056']);
    expect(searchCommunes('29019')[0]?.name).toBe('Brest');
  });

  it('honours the limit and returns nothing for blanks', () => {
    expect(searchCommunes('sa', 5)).toHaveLength(5);
    expect(searchCommunes('sa')).toHaveLength(10);
    expect(searchCommunes('')).toEqual([]);
    expect(searchCommunes('xqzw')).toEqual([]);
    expect(searchCommunes('paris', 0)).toEqual([]);
  });
});
