import { companySizes, evaluateEligibility, frEuros, fullYears, nafMatches, ProjectFacts, SchemeRules } from './eligibility';

const TODAY = '2026-11-23';

/** A known company in Besançon (25056, Bourgogne-Franche-Comté), 20-49 employees, mechanical engineering. */
const project = (over: Partial<ProjectFacts> = {}): ProjectFacts => ({
  nafCode: '25.62B',
  communeCode: '25056',
  sizeBand: '12',
  companyCategory: null,
  companyCreatedOn: '2012-04-02',
  stage: 'realisation',
  expenseTypes: ['investissement'],
  investmentCents: 50_000_000,
  ...over,
});

/** A scheme with no criterion but the dates (open, national). */
const scheme = (over: Partial<SchemeRules> = {}): SchemeRules => ({
  perimeterScope: 'national',
  perimeterCodes: [],
  sizes: [],
  nafInclude: [],
  nafExclude: [],
  minCompanyAgeYears: null,
  stages: [],
  expenseTypes: [],
  amountMinCents: null,
  opensOn: null,
  closesOn: null,
  closedManually: false,
  ...over,
});

const sentences = (e: { met: string[]; unmet: string[]; unknown: string[] }): number => e.met.length + e.unmet.length + e.unknown.length;

describe('evaluateEligibility', () => {
  it('a scheme without criteria: open and national, eligible with score 100', () => {
    const e = evaluateEligibility(project(), scheme(), TODAY);
    expect(e).toEqual({ eligible: true, score: 100, met: ['dispositif ouvert', 'périmètre national'], unmet: [], unknown: [] });
  });

  describe('dates', () => {
    it('closed after the closing date', () => {
      const e = evaluateEligibility(project(), scheme({ closesOn: '2025-12-31' }), TODAY);
      expect(e.eligible).toBe(false);
      expect(e.score).toBe(0);
      expect(e.unmet).toEqual(['dispositif clôturé le 31/12/2025']);
    });
    it('closed by hand whatever the dates', () => {
      expect(evaluateEligibility(project(), scheme({ closedManually: true, closesOn: '2030-01-01' }), TODAY).unmet).toEqual(['dispositif clôturé']);
    });
    it('open until its closing date, the closing day included', () => {
      expect(evaluateEligibility(project(), scheme({ closesOn: TODAY }), TODAY).met[0]).toBe('dispositif ouvert jusqu’au 23/11/2026');
    });
    it('upcoming before its opening date: not blocking', () => {
      const e = evaluateEligibility(project(), scheme({ opensOn: '2027-01-15' }), TODAY);
      expect(e.eligible).toBe(true);
      expect(e.met[0]).toBe('dispositif ouvert à partir du 15/01/2027');
    });
  });

  describe('perimeter', () => {
    it('région from the commune: Besançon is in Bourgogne-Franche-Comté (27)', () => {
      expect(evaluateEligibility(project(), scheme({ perimeterScope: 'regions', perimeterCodes: ['27'] }), TODAY).met).toContain('région Bourgogne-Franche-Comté dans le périmètre');
    });
    it('a Bretagne scheme does not cover Besançon', () => {
      const e = evaluateEligibility(project(), scheme({ perimeterScope: 'regions', perimeterCodes: ['53'] }), TODAY);
      expect(e.unmet).toEqual(['région Bourgogne-Franche-Comté hors périmètre']);
      expect(evaluateEligibility(project({ communeCode: '35238' }), scheme({ perimeterScope: 'regions', perimeterCodes: ['53'] }), TODAY).met).toContain('région Bretagne dans le périmètre');
    });
    it('département from the commune', () => {
      expect(evaluateEligibility(project(), scheme({ perimeterScope: 'departements', perimeterCodes: ['25', '39'] }), TODAY).met).toContain('département Doubs (25) dans le périmètre');
      expect(evaluateEligibility(project(), scheme({ perimeterScope: 'departements', perimeterCodes: ['70'] }), TODAY).unmet).toEqual(['département Doubs (25) hors périmètre']);
    });
    it('unknown commune → unknown, not unmet', () => {
      const e = evaluateEligibility(project({ communeCode: null }), scheme({ perimeterScope: 'regions', perimeterCodes: ['27'] }), TODAY);
      expect(e.unknown).toEqual(['localisation de l’entreprise inconnue']);
      expect(e.eligible).toBe(false);
      expect(e.score).toBe(50);
    });
  });

  describe('company size', () => {
    it('PME from the headcount band', () => {
      expect(evaluateEligibility(project(), scheme({ sizes: ['PME', 'ETI'] }), TODAY).met).toContain('PME : oui (effectif 20 à 49)');
    });
    it('a TPE is a PME too', () => {
      expect(evaluateEligibility(project({ sizeBand: '02' }), scheme({ sizes: ['PME'] }), TODAY).met).toContain('PME : oui (effectif 3 à 5)');
      expect(evaluateEligibility(project({ sizeBand: '02' }), scheme({ sizes: ['TPE'] }), TODAY).eligible).toBe(true);
    });
    it('the SIRENE category wins over the band', () => {
      const e = evaluateEligibility(project({ companyCategory: 'ETI' }), scheme({ sizes: ['PME'] }), TODAY);
      expect(e.unmet).toEqual(['ETI : non, réservé aux PME (catégorie SIRENE ETI, effectif 20 à 49)']);
    });
    it('a company of 250 or more is an ETI, 5,000 or more a GE', () => {
      expect(companySizes({ sizeBand: '32', companyCategory: null })?.sizes).toEqual(['ETI']);
      expect(companySizes({ sizeBand: '52', companyCategory: null })?.sizes).toEqual(['GE']);
      expect(companySizes({ sizeBand: '31', companyCategory: null })?.sizes).toEqual(['PME']);
    });
    it('unknown without band nor category', () => {
      expect(evaluateEligibility(project({ sizeBand: null }), scheme({ sizes: ['PME'] }), TODAY).unknown).toEqual(['taille de l’entreprise inconnue (catégorie SIRENE et tranche d’effectif absentes)']);
    });
  });

  describe('activity (NAF)', () => {
    it('prefixes: section letter, division, groupe, sous-classe', () => {
      expect(nafMatches('25.62B', 'C')).toBe(true);
      expect(nafMatches('25.62B', '25')).toBe(true);
      expect(nafMatches('25.62B', '25.6')).toBe(true);
      expect(nafMatches('25.62B', '25.62B')).toBe(true);
      expect(nafMatches('25.62B', '25.61')).toBe(false);
      expect(nafMatches('49.41A', 'C')).toBe(false);
      expect(nafMatches('49.41A', 'H')).toBe(true);
    });
    it('included, not included, excluded', () => {
      expect(evaluateEligibility(project(), scheme({ nafInclude: ['C', '49'] }), TODAY).met).toContain('activité NAF 25.62B visée');
      expect(evaluateEligibility(project({ nafCode: '62.01Z' }), scheme({ nafInclude: ['C', '49'] }), TODAY).unmet).toEqual(['activité NAF 62.01Z hors des activités visées (C, 49)']);
      expect(evaluateEligibility(project(), scheme({ nafInclude: ['C'], nafExclude: ['25.6'] }), TODAY).unmet).toEqual(['activité NAF 25.62B exclue (25.6)']);
    });
    it('unknown NAF', () => {
      expect(evaluateEligibility(project({ nafCode: null }), scheme({ nafExclude: ['01'] }), TODAY).unknown).toEqual(['code NAF de l’entreprise inconnu']);
    });
  });

  describe('company age', () => {
    it('full years at today', () => {
      expect(fullYears('2023-11-24', TODAY)).toBe(2);
      expect(fullYears('2023-11-23', TODAY)).toBe(3);
    });
    it('met, unmet, unknown', () => {
      expect(evaluateEligibility(project(), scheme({ minCompanyAgeYears: 3 }), TODAY).met).toContain('entreprise créée le 02/04/2012 (14 ans, minimum 3 ans)');
      expect(evaluateEligibility(project({ companyCreatedOn: '2024-06-01' }), scheme({ minCompanyAgeYears: 3 }), TODAY).unmet).toEqual(['entreprise créée le 01/06/2024 (2 ans, minimum 3 ans)']);
      expect(evaluateEligibility(project({ companyCreatedOn: null }), scheme({ minCompanyAgeYears: 3 }), TODAY).unknown).toEqual(['âge de l’entreprise inconnu']);
    });
  });

  describe('stage and expense types', () => {
    it('stage', () => {
      expect(evaluateEligibility(project(), scheme({ stages: ['realisation'] }), TODAY).met).toContain('étape réalisation : oui');
      expect(evaluateEligibility(project({ stage: 'reflexion' }), scheme({ stages: ['realisation', 'valorisation'] }), TODAY).unmet).toEqual(['étape réflexion non couverte (réalisation, valorisation)']);
      expect(evaluateEligibility(project({ stage: null }), scheme({ stages: ['realisation'] }), TODAY).unknown).toEqual(['étape du projet inconnue']);
    });
    it('expense types', () => {
      expect(evaluateEligibility(project(), scheme({ expenseTypes: ['investissement'] }), TODAY).met).toContain('dépenses d’investissement : oui');
      expect(evaluateEligibility(project({ expenseTypes: ['fonctionnement'] }), scheme({ expenseTypes: ['investissement'] }), TODAY).unmet).toEqual(['dépenses de fonctionnement non financées (investissement)']);
      expect(evaluateEligibility(project({ expenseTypes: [] }), scheme({ expenseTypes: ['investissement'] }), TODAY).unknown).toEqual(['type de dépenses inconnu']);
    });
  });

  describe('investment vs the minimum programme', () => {
    it('met, unmet, unknown', () => {
      expect(evaluateEligibility(project(), scheme({ amountMinCents: 15_000_000 }), TODAY).met).toContain(`investissement de ${frEuros(50_000_000)} ≥ minimum de ${frEuros(15_000_000)}`);
      expect(evaluateEligibility(project({ investmentCents: 4_000_000 }), scheme({ amountMinCents: 5_000_000 }), TODAY).unmet).toEqual(['investissement de 40\u202f000\u00a0€ sous le minimum de 50\u202f000\u00a0€']);
      expect(evaluateEligibility(project({ investmentCents: null }), scheme({ amountMinCents: 5_000_000 }), TODAY).unknown).toEqual(['montant de l’investissement inconnu']);
    });
  });

  it('every criterion the scheme sets lands in exactly one list', () => {
    const full = scheme({ perimeterScope: 'regions', perimeterCodes: ['27'], sizes: ['PME'], nafInclude: ['C'], minCompanyAgeYears: 3, stages: ['realisation'], expenseTypes: ['investissement'], amountMinCents: 1 });
    const variants: Partial<ProjectFacts>[] = [{}, { communeCode: null, sizeBand: null, nafCode: null, companyCreatedOn: null, stage: null, expenseTypes: [], investmentCents: null }, { communeCode: '35238', sizeBand: '53', nafCode: '62.01Z', companyCreatedOn: '2026-01-01', stage: 'reflexion', expenseTypes: ['fonctionnement'], investmentCents: 0 }];
    for (const v of variants) expect(sentences(evaluateEligibility(project(v), full, TODAY))).toBe(8);
    const unknownAll = evaluateEligibility(project(variants[1]), full, TODAY);
    expect(unknownAll.unknown).toHaveLength(7);
    expect(unknownAll.score).toBe(13); // 1 met (the dates) of 8
    expect(evaluateEligibility(project(variants[2]), full, TODAY).unmet).toHaveLength(7);
    expect(evaluateEligibility(project(), full, TODAY)).toMatchObject({ eligible: true, score: 100 });
  });
});
