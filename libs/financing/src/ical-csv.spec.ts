import { catalogueCsv, parseCsv, readCatalogueCsv } from './catalogue-csv';
import { foldLine, renderCalendar } from './ical';
import type { SchemeView } from './scheme-view';

describe('iCal', () => {
  it('renders all-day events with CRLF, escaped text and folded lines (RFC 5545)', () => {
    const ics = renderCalendar('Filière — CCI', [{ uid: 'a@x', date: '2026-12-31', summary: 'Clôture : Prêt; Vert, ADEME', description: 'ligne 1\nligne 2' }], new Date('2026-11-23T10:00:00Z'));
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics).toContain('DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101');
    expect(ics).toContain('SUMMARY:Clôture : Prêt\\; Vert\\, ADEME');
    expect(ics).toContain('DESCRIPTION:ligne 1\\nligne 2');
    expect(ics).toContain('DTSTAMP:20261123T100000Z');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
  it('folds at 75 octets without splitting a character', () => {
    const folded = foldLine(`SUMMARY:${'é'.repeat(60)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(`SUMMARY:${'é'.repeat(60)}`);
  });
});

const view: SchemeView = {
  id: '5c0e0000-0000-4000-8000-000000000015',
  owner: 'tenant',
  name: 'Impulsion "Conseil"; test',
  funder: '=AD Normandie',
  kind: 'subvention',
  perimeter: { scope: 'regions', codes: ['28'] },
  sizes: ['TPE', 'PME'],
  nafInclude: ['C', '49'],
  nafExclude: [],
  minCompanyAgeYears: 3,
  stages: ['reflexion'],
  expenseTypes: ['fonctionnement'],
  amountMinCents: null,
  amountMaxCents: 1_500_000,
  maxRatePercent: 50,
  deMinimis: true,
  opensOn: '2026-01-01',
  predepositOn: null,
  closesOn: '2027-06-30',
  recurrence: 'permanent',
  status: 'open',
  closedManually: false,
  sourceUrl: 'https://adnormandie.fr/financements-aux-entreprises/',
  lastVerifiedAt: '2026-11-22',
  description: 'Ligne 1\nLigne 2',
  createdAt: '2026-11-22T00:00:00.000Z',
  updatedAt: '2026-11-22T00:00:00.000Z',
};

describe('catalogue CSV', () => {
  it('is for French Excel: BOM, `;`, French headers, decimal commas, French dates', () => {
    const csv = catalogueCsv([view]);
    expect(csv.startsWith('\uFEFFIdentifiant;Nom;Financeur;Type d’aide;Périmètre')).toBe(true);
    const [, row] = parseCsv(csv);
    expect(row).toContain('15000,00');
    expect(row).toContain('01/01/2026');
    expect(row).toContain("'=AD Normandie");
  });
  it('round-trips through the reader (quotes, separators, newlines, formula guard)', () => {
    const { schemes, errors } = readCatalogueCsv(catalogueCsv([view]));
    expect(errors).toEqual([]);
    expect(schemes).toEqual([
      {
        id: view.id,
        name: view.name,
        funder: '=AD Normandie',
        kind: 'subvention',
        perimeter: { scope: 'regions', codes: ['28'] },
        sizes: ['TPE', 'PME'],
        nafInclude: ['C', '49'],
        nafExclude: [],
        minCompanyAgeYears: 3,
        stages: ['reflexion'],
        expenseTypes: ['fonctionnement'],
        amountMinCents: null,
        amountMaxCents: 1_500_000,
        maxRatePercent: 50,
        deMinimis: true,
        opensOn: '2026-01-01',
        predepositOn: null,
        closesOn: '2027-06-30',
        recurrence: 'permanent',
        sourceUrl: view.sourceUrl,
        lastVerifiedAt: '2026-11-22',
        description: 'Ligne 1\nLigne 2',
      },
    ]);
  });
  it('names unknown and missing columns', () => {
    expect(readCatalogueCsv('Nom;Couleur\nA;bleu\n').errors.map((e) => e.message)).toEqual(['unknown column "Couleur"', 'missing column "Financeur"', 'missing column "Type d’aide"', 'missing column "Périmètre"', 'missing column "Source"']);
  });
});
