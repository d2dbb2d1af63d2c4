import { assignedHours, CoachCandidate, isOverCapacity, monthsSpanned, normalizeTagKey, ProjectNeeds, rankCoaches } from './expert-rules';

const candidate = (c: Partial<CoachCandidate> & Pick<CoachCandidate, 'userId' | 'name'>): CoachCandidate => ({
  organisationName: null,
  organisationKind: null,
  tags: [],
  nafDivisions: [],
  capacityHours: 20,
  assignedHours: 0,
  distanceKm: null,
  ...c,
});

describe('tags', () => {
  it('folds case, accents and spaces into one key', () => {
    expect(normalizeTagKey('  Économie   CIRCULAIRE ')).toBe('economie circulaire');
    expect(normalizeTagKey('Industrie 4.0')).toBe(normalizeTagKey('industrie 4.0'));
  });
});

describe('load', () => {
  const cohort = { cohortStartDate: '2027-01-11', cohortEndDate: '2027-06-30' };
  it('spreads each project budget over the cohort months and its coaches', () => {
    expect(monthsSpanned('2027-01-11', '2027-06-30')).toBe(6);
    expect(monthsSpanned('2026-11-02', '2027-02-01')).toBe(4);
    // 24 h over 6 months alone = 4 h; 36 h shared by 2 over 6 months = 3 h.
    expect(assignedHours([{ budgetHours: 24, coachCount: 1, ...cohort }, { budgetHours: 36, coachCount: 2, ...cohort }], '2027-03')).toBe(7);
    // Outside the cohort, and without a budget: nothing.
    expect(assignedHours([{ budgetHours: 24, coachCount: 1, ...cohort }], '2027-07')).toBe(0);
    expect(assignedHours([{ budgetHours: null, coachCount: 1, ...cohort }], '2027-03')).toBe(0);
    expect(assignedHours([{ budgetHours: 24, coachCount: 1, ...cohort }], '2027-01')).toBe(4);
  });
  it('flags over capacity on hours planned or logged', () => {
    expect(isOverCapacity(10, 10, 9)).toBe(false);
    expect(isOverCapacity(10, 10.5, 0)).toBe(true);
    expect(isOverCapacity(10, 2, 12)).toBe(true);
    expect(isOverCapacity(null, 50, 50)).toBe(false);
  });
});

describe('coach suggestions', () => {
  // A foundry in Besançon (NAF 24.51Z) whose sourcing and model phases are open; the advisor asks for financing.
  const needs: ProjectNeeds = {
    nafCode: '24.51Z',
    communeCode: '25056',
    openPhases: ['Sourcing amont', 'Modèle', 'Ateliers intensifs'],
    requestedTopics: ['financement'],
    assignedOrganisationKinds: ['consulting'],
  };
  const candidates: CoachCandidate[] = [
    // Full: every criterion but capacity.
    candidate({ userId: 'u-busy', name: 'Bruno Plein', organisationKind: 'consulting', organisationName: 'Cabinet 4.0', tags: ['Financement', 'Matériaux'], nafDivisions: ['24'], capacityHours: 10, assignedHours: 12, distanceKm: 10 }),
    // CCI, near, free, sourcing.
    candidate({ userId: 'u-cci', name: 'Claire CCI', organisationKind: 'cci', organisationName: 'CCI Doubs', tags: ['Sourcing amont'], capacityHours: 30, assignedHours: 4, distanceKm: 12.4 }),
    // Financing expert, far, little capacity left.
    candidate({ userId: 'u-fin', name: 'Fanny Finance', organisationKind: 'consulting', organisationName: 'Finéo', tags: ['Financement', 'Export'], nafDivisions: ['24', '25'], capacityHours: 10, assignedHours: 7, distanceKm: 320 }),
    // Nothing matching, no profile.
    candidate({ userId: 'u-none', name: 'Noé Sansprofil', capacityHours: null }),
    // A school team: expertise for the model phase, in the region.
    candidate({ userId: 'u-school', name: 'Sam École', organisationKind: 'school', organisationName: 'UTBM', tags: ['Matériaux', 'Économie circulaire'], capacityHours: 16, assignedHours: 0, distanceKm: 90 }),
  ];

  it('ranks by the sum of its criteria, with French reasons', () => {
    const ranked = rankCoaches(needs, candidates, { requireCciCoach: true });
    expect(ranked.map((s) => [s.userId, s.score])).toEqual([
      ['u-cci', 9], // 2 sourcing (open phase) + 2 ample capacity + 2 near + 3 CCI rule
      ['u-school', 7], // 2 + 2 (materials, circular economy: "Modèle" is open) + 2 ample capacity + 1 within the region
      ['u-fin', 7], // 3 financing (asked) + 3 NAF division + 1 some capacity + 0 far; tie: fewer free hours than u-school
      ['u-busy', 6], // 3 financing + 2 materials + 3 NAF − 4 full + 2 near
      ['u-none', 0],
    ]);
    expect(ranked.find((s) => s.userId === 'u-cci')?.reasons).toEqual([
      'Utile pour les jalons ouverts : Sourcing amont (Sourcing amont)',
      'Disponible : 26 h libres ce mois-ci',
      'Proche du projet (12 km)',
      'Règle de la CCI : le projet n’a pas encore de coach CCI',
    ]);
    expect(ranked.find((s) => s.userId === 'u-busy')?.reasons).toEqual([
      'Expertise demandée : financement',
      'Utile pour les jalons ouverts : Matériaux (Modèle)',
      'Connaît le secteur du projet (division NAF 24)',
      'Capacité atteinte : 12 h prévues pour 10 h par mois',
      'Proche du projet (10 km)',
    ]);
    expect(ranked.find((s) => s.userId === 'u-fin')?.reasons).toEqual([
      'Expertise demandée : financement',
      'Connaît le secteur du projet (division NAF 24)',
      'Peu disponible : 3 h libres ce mois-ci',
      'Éloigné du projet (320 km)',
    ]);
    expect(ranked.find((s) => s.userId === 'u-none')?.reasons).toEqual(['Profil non renseigné : disponibilité inconnue']);
  });

  it('applies the CCI rule only while the project has no CCI coach, and only when the tenant sets it', () => {
    const cci = (ranked: ReturnType<typeof rankCoaches>) => ranked.find((s) => s.userId === 'u-cci');
    expect(cci(rankCoaches({ ...needs, assignedOrganisationKinds: ['cci'] }, candidates, { requireCciCoach: true }))?.score).toBe(6);
    expect(cci(rankCoaches(needs, candidates, { requireCciCoach: false }))?.reasons).not.toContain('Règle de la CCI : le projet n’a pas encore de coach CCI');
    expect(rankCoaches(needs, candidates, { requireCciCoach: false }).map((s) => s.userId)).toEqual(['u-school', 'u-fin', 'u-cci', 'u-busy', 'u-none']);
  });
});
