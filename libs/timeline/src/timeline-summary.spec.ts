import { frenchDuration, timelineSummary } from './timeline-summary';

describe('timeline summaries (French)', () => {
  it('formats durations the French way', () => {
    expect([frenchDuration(45), frenchDuration(60), frenchDuration(90), frenchDuration(125)]).toEqual(['45 min', '1 h', '1 h 30', '2 h 05']);
  });

  it('says what happened in one line', () => {
    expect(timelineSummary('milestone.updated', { title: 'Diagnostic', changes: { status: { from: 'todo', to: 'done' } } })).toBe('Jalon « Diagnostic » : à faire → terminé');
    expect(timelineSummary('milestone.updated', { title: 'Pitch', changes: { dueDate: { from: '2027-03-01', to: '2027-03-15' } } })).toBe('Jalon « Pitch » : échéance déplacée au 15/03/2027');
    expect(timelineSummary('project.status_changed', { from: 'selected', to: 'active' })).toBe('Statut du projet : sélectionné → en accompagnement');
    expect(timelineSummary('session.logged', { date: '2027-02-03', durationMinutes: 90, mode: 'remote' })).toBe('Séance d’accompagnement du 03/02/2027 (1 h 30, à distance)');
    expect(timelineSummary('academic.created', { title: 'Étude de marché', dueDate: '2027-04-15' })).toBe('Équipe académique : « Étude de marché » à rendre le 15/04/2027');
    expect(timelineSummary('academic.assessed', { title: 'Étude de marché', grade: 15.5 })).toBe('Livrable « Étude de marché » évalué par l’enseignant (note : 15,5/20)');
    expect(timelineSummary('training.attended', { topic: 'Achats responsables', date: '2027-03-10', durationMinutes: 180, attendees: 2 })).toBe('Formation « Achats responsables » du 10/03/2027 (3 h) : 2 participants présents');
    expect(timelineSummary('workshop.award', { prize: 'Prix de la relocalisation', awardedBy: 'Région BFC' })).toBe('Prix « Prix de la relocalisation » décerné par Région BFC');
  });
});
