import { coachingBudgetAlert } from '@filiere/cohorts';
import { cleanTopicLabel, crossedBudgetThresholds, isSessionLocked, mergeNextSteps, normalizeTopicKey, sessionEditableUntil } from './coaching-rules';

describe('topics', () => {
  it('folds case, accents, apostrophes and spaces into one key, and keeps a clean label', () => {
    expect(normalizeTopicKey('  Étude  de MARCHÉ ')).toBe('etude de marche');
    expect(normalizeTopicKey('Plan d’investissement')).toBe(normalizeTopicKey("plan d'investissement"));
    expect(cleanTopicLabel('  Sourcing   amont ')).toBe('Sourcing amont');
  });
});

describe('edit lock', () => {
  const created = new Date('2027-02-01T10:00:00Z');
  it('locks a session 7 days after it was logged', () => {
    expect(sessionEditableUntil(created).toISOString()).toBe('2027-02-08T10:00:00.000Z');
    expect(isSessionLocked(created, new Date('2027-02-08T09:59:59Z'))).toBe(false);
    expect(isSessionLocked(created, new Date('2027-02-08T10:00:00Z'))).toBe(true);
  });
});

describe('coaching budget', () => {
  it('flags from 80 % (warning) and 100 % (exceeded); nothing without a budget', () => {
    expect([95, 96, 119, 120, 200].map((m) => coachingBudgetAlert(m, 120))).toEqual(['none', 'warning', 'warning', 'exceeded', 'exceeded']);
    expect(coachingBudgetAlert(500, null)).toBe('none');
    expect(coachingBudgetAlert(500, 0)).toBe('none');
  });

  it('reports each threshold once, when crossed upwards', () => {
    expect(crossedBudgetThresholds(60, 95, 120)).toEqual([]);
    expect(crossedBudgetThresholds(60, 96, 120)).toEqual([80]);
    expect(crossedBudgetThresholds(96, 130, 120)).toEqual([100]);
    expect(crossedBudgetThresholds(0, 300, 120)).toEqual([80, 100]);
    expect(crossedBudgetThresholds(130, 140, 120)).toEqual([]);
    expect(crossedBudgetThresholds(130, 60, 120)).toEqual([]);
    expect(crossedBudgetThresholds(0, 300, null)).toEqual([]);
  });
});

describe('mergeNextSteps', () => {
  const previous = [
    { title: 'Contacter les fonderies', dueDate: '2027-03-01', milestoneId: 'm1' },
    { title: 'Relancer la banque', dueDate: null, milestoneId: null },
  ];

  it('keeps the milestone link of converted steps still listed', () => {
    expect(mergeNextSteps(previous, [{ title: 'Visiter le site' }, { title: 'Contacter les fonderies', dueDate: '2027-04-01' }])).toEqual({
      steps: [
        { title: 'Visiter le site', dueDate: null, milestoneId: null },
        { title: 'Contacter les fonderies', dueDate: '2027-03-01', milestoneId: 'm1' },
      ],
      droppedConverted: [],
    });
  });

  it('reports converted steps the edit would drop', () => {
    expect(mergeNextSteps(previous, [{ title: 'Relancer la banque' }]).droppedConverted).toEqual(['Contacter les fonderies']);
  });
});
