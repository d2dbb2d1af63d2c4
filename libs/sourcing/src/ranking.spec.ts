import { CandidateFacts, foldKeyword, likeContaining, Need, rankCandidates, scoreCandidate } from './ranking';

// Project site: Besançon (25056), CA Grand Besançon Métropole, Doubs, Bourgogne-Franche-Comté.
const need: Need = {
  nafCodes: ['25.62B'],
  keywords: ['usinage'],
  sizeBands: ['11', '12'],
  radiusKm: 150,
  site: { siren: '111111118', communeCode: '25056', communeName: 'Besançon', epciCode: '242500361', departementCode: '25', regionCode: '27' },
};

function facts(over: Partial<CandidateFacts> & { siret: string }): CandidateFacts {
  return {
    name: 'Entreprise',
    nafCode: '25.62B',
    communeCode: '25056',
    communeName: 'Besançon',
    epciCode: '242500361',
    departementCode: '25',
    regionCode: '27',
    sizeBand: '12',
    distanceKm: 3,
    searchText: 'entreprise',
    capabilities: [],
    certifications: [],
    buyer: null,
    ...over,
  };
}

describe('sourcing ranking', () => {
  const fixture: CandidateFacts[] = [
    // Same sous-classe, other département (Jura), right size: 50 + 10 + 3 + 10 = 73
    facts({ siret: '22222222200001', communeCode: '39300', communeName: 'Lons-le-Saunier', epciCode: 'x', departementCode: '39', distanceKm: 70 }),
    // Same sous-classe, same commune, right size, keyword in name: 50 + 5 + 25 + 5 + 10 = 95
    facts({ siret: '33333333300001', searchText: 'usinage comtois', distanceKm: 2 }),
    // Same classe (25.62A), same EPCI, neighbouring size band: 40 + 20 + 5 + 5 = 70
    facts({ siret: '44444444400001', nafCode: '25.62A', communeCode: '25245', communeName: 'École-Valentin', distanceKm: 6, sizeBand: '21' }),
    // Same division only (25.11Z), same département, declared capability "usinage CN": 20 + 5 + 15 + 4 + 10 + 7 = 61
    facts({ siret: '55555555500001', nafCode: '25.11Z', epciCode: 'y', communeCode: '25388', distanceKm: 40, capabilities: ['Usinage CN 5 axes'] }),
    // Unrelated activity (10.71C bakery), no keyword: dropped
    facts({ siret: '66666666600001', nafCode: '10.71C' }),
    // The project's own company (same SIREN): never a candidate
    facts({ siret: '11111111800021', searchText: 'usinage' }),
    // Beyond the radius: dropped
    facts({ siret: '77777777700001', distanceKm: 400, regionCode: '84', departementCode: '69', epciCode: 'z', communeCode: '69123' }),
  ];

  it('orders a hand-built fixture as expected, with its reasons', () => {
    const ranked = rankCandidates(need, fixture);
    expect(ranked.map((r) => [r.facts.siret, r.score])).toEqual([
      ['33333333300001', 95],
      ['22222222200001', 73],
      ['44444444400001', 70],
      ["55555555500001", 61],
    ]);
    expect(ranked[0]?.reasons).toEqual([
      'même sous-classe NAF 25.62B (Mécanique industrielle)',
      'mot-clé « usinage » dans le nom',
      'même commune (Besançon)',
      'effectif 20 à 49 salariés : dans la taille recherchée',
    ]);
    expect(ranked[1]?.reasons).toContain('70 km, même région');
    expect(ranked[2]?.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/^même classe NAF 25\.62 /), '6,0 km, même EPCI', 'effectif 50 à 99 salariés : proche de la taille recherchée']));
    expect(ranked[3]?.reasons).toEqual(expect.arrayContaining(['mot-clé « usinage » dans les capacités déclarées', '40 km, même département']));
  });

  it('breaks ties by distance, then SIRET, and keeps the top 50', () => {
    const many = Array.from({ length: 80 }, (_, i) => facts({ siret: String(90000000000000 + i), distanceKm: 10 + (i % 7) }));
    const ranked = rankCandidates({ ...need, keywords: [], sizeBands: [] }, many);
    expect(ranked).toHaveLength(50);
    for (let i = 1; i < ranked.length; i += 1) {
      const [a, b] = [ranked[i - 1], ranked[i]];
      expect(a.score > b.score || (a.score === b.score && (a.facts.distanceKm! < b.facts.distanceKm! || (a.facts.distanceKm === b.facts.distanceKm && a.facts.siret < b.facts.siret)))).toBe(true);
    }
  });

  it('gives buyers of the territory and certifications their points and reasons', () => {
    const r = scoreCandidate({ ...need, keywords: [], sizeBands: [] }, facts({ siret: '88888888800001', nafCode: '46.69B', certifications: ['ISO 9001'], buyer: { id: 'b', categories: ['pièces usinées'] } }));
    expect(r.reasons).toEqual(['même commune (Besançon)', 'certifié ISO 9001', 'acheteur du territoire : souhaite acheter localement « pièces usinées »']);
    expect(r.score).toBe(0 + 25 + 5 + 5 + 3 + 10);
  });

  it('folds keywords as the directory folds its search text (accents, case, ligatures)', () => {
    expect(foldKeyword(' Œuvres Métalliques ')).toBe('oeuvres metalliques');
    expect(foldKeyword('DÉCOLLETAGE À CLUSES')).toBe('decolletage a cluses');
    expect(foldKeyword('Ex æquo')).toBe('ex aequo');
    // In a LIKE pattern, the keyword's own wildcards and escapes are taken literally.
    expect(likeContaining('Inox 50%_A\\B')).toBe('%inox 50\\%\\_a\\\\b%');
  });

  it('says when the distance or the size is unknown', () => {
    const r = scoreCandidate(need, facts({ siret: '99999999900001', distanceKm: null, sizeBand: null, communeCode: null, epciCode: null, departementCode: null, regionCode: null }));
    expect(r.reasons).toEqual(expect.arrayContaining(['hors région, distance inconnue', 'effectif inconnu']));
  });
});
