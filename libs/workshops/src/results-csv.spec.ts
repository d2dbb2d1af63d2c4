import { resultsCsv } from './results-csv';

describe('resultsCsv', () => {
  it('writes French headers, ; separators, decimal commas, a BOM and quotes what needs it', () => {
    const csv = resultsCsv(
      [
        { projectId: 'b', title: 'Usinage "B"; Doubs', weightedScore: 72.5, evaluationCount: 3, rank: 1, calibratedScore: -0.125, calibratedRank: 2, spread: 16, disagreement: true },
        { projectId: 'c', title: 'Capteurs', weightedScore: null, evaluationCount: 0, rank: null, calibratedScore: null, calibratedRank: null, spread: null, disagreement: false },
      ],
      [{ projectId: 'b', prize: 'Prix de la relocalisation', awardedBy: 'Région BFC' }],
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('Rang;Projet;Score pondéré (sur 100);Nombre d’évaluations;Score calibré;Rang calibré;Écart-type;Désaccord entre évaluateurs;Prix');
    expect(lines[1]).toBe('1;"Usinage ""B""; Doubs";72,50;3;-0,125;2;16,00;Oui;Prix de la relocalisation (Région BFC)');
    expect(lines[2]).toBe(';Capteurs;;0;;;;Non;');
  });

  it('neutralises text that a spreadsheet would run as a formula, not negative numbers', () => {
    const csv = resultsCsv([{ projectId: 'x', title: '=HYPERLINK("http://x")', weightedScore: 10, evaluationCount: 1, rank: 1, calibratedScore: -1, calibratedRank: 1, spread: 0, disagreement: false }], []);
    expect(csv.slice(1).split('\r\n')[1]).toBe('1;"\'=HYPERLINK(""http://x"")";10,00;1;-1,000;1;0,00;Non;');
  });
});
