import { findNaf, withLuhnKey } from '@filiere/reference-data';
import { analyseLedger, countryCode, detectDelimiter, DirectoryFacts, LedgerFileError, parseAmountCents, parseLedger, withLocalSuppliers } from './purchase-ledger';

const siret = (n: number): string => withLuhnKey(withLuhnKey(`7${String(n).padStart(7, '0')}`) + '0001');
const A = siret(1); // directory: Bretagne (53), 10.71C
const B = siret(2); // directory: Île-de-France (11), 25.62B
const C = siret(3); // not in the directory

const LEDGER = [
  '\uFEFFSIRET fournisseur;Pays;Montant HT;Catégorie;Libellé',
  `${A};;1 000,00;;Pain`,
  `${B};FR;2 500,50;;Usinage`,
  `${C};France;500;25.62A;Décolletage`,
  ';Allemagne;1.200,00;22.29;Films plastiques',
  ';CN;3000;Emballages;Cartons',
  ';;100;;Sans fournisseur',
  '12345678901234;;10;;Mauvais SIRET',
  ';Atlantide;10;;Pays inconnu',
  ';DE;abc;;Montant illisible',
  ';US;200;;Sans catégorie',
].join('\r\n');

const DIRECTORY = new Map<string, DirectoryFacts>([
  [A, { regionCode: '53', nafCode: '10.71C' }],
  [B, { regionCode: '11', nafCode: '25.62B' }],
]);

describe('purchase ledger', () => {
  it('parses amounts in French and English notation', () => {
    expect(parseAmountCents('1 234,56')).toBe(123456);
    expect(parseAmountCents('1.234,56 €')).toBe(123456);
    expect(parseAmountCents('1,234.56')).toBe(123456);
    expect(parseAmountCents('1234.5')).toBe(123450);
    expect(parseAmountCents('1.234.567')).toBe(123456700);
    expect(parseAmountCents('12,3,4')).toBeNull();
    expect(parseAmountCents('abc')).toBeNull();
  });

  it('reads countries as ISO codes or French names', () => {
    expect(countryCode('fr')).toBe('FR');
    expect(countryCode('Pays-Bas')).toBe('NL');
    expect(countryCode('Royaume-Uni')).toBe('GB');
    expect(countryCode('UK')).toBe('GB');
    expect(countryCode('Atlantide')).toBeNull();
  });

  it('detects the delimiter from the header line', () => {
    expect(detectDelimiter('siret;montant\n1;2,5')).toBe(';');
    expect(detectDelimiter('siret,amount\n1,"2,5"')).toBe(',');
  });

  it('computes the local-purchase index of a hand-computed ledger', () => {
    const parsed = parseLedger(Buffer.from(LEDGER, 'utf8'));
    expect(parsed.delimiter).toBe(';');
    expect(parsed.rowsRead).toBe(10);
    expect(parsed.rejected).toEqual([
      { line: 7, reason: 'ni SIRET ni pays du fournisseur' },
      { line: 8, reason: 'SIRET invalide (12345678901234)' },
      { line: 9, reason: 'pays inconnu (Atlantide)' },
      { line: 10, reason: 'montant illisible (abc)' },
    ]);
    const analysis = withLocalSuppliers(analyseLedger(parsed, '53', DIRECTORY), new Map([['25.62', 4]]));
    // 1 000 + 2 500,50 + 500 + 1 200 + 3 000 + 200 = 8 400,50 €
    expect(analysis).toMatchObject({
      regionCode: '53',
      regionName: 'Bretagne',
      rowsRead: 10,
      rowsUsed: 6,
      rowsRejected: 4,
      totalCents: 840050,
      zones: {
        ownRegion: { amountCents: 100000, share: 11.9 },
        restOfFrance: { amountCents: 300050, share: 35.7 },
        restOfEurope: { amountCents: 120000, share: 14.3 },
        outsideEurope: { amountCents: 320000, share: 38.1 },
      },
      unknownRegion: { amountCents: 50000, share: 6 },
      outsideRegionCents: 740050,
      uncategorisedOutsideCents: 20000,
    });
    expect(analysis.topOutsideCategories).toEqual([
      { code: '25.62', label: findNaf('25.62')?.label, amountCents: 300050, share: 40.5, localSuppliers: 4 },
      { code: null, label: 'Emballages', amountCents: 300000, share: 40.5, localSuppliers: null },
      { code: '22.29', label: findNaf('22.29')?.label, amountCents: 120000, share: 16.2, localSuppliers: 0 },
    ]);
  });

  it('reads a comma-separated English ledger', () => {
    const parsed = parseLedger(`supplier siret,country,amount\n${A},,"1,000.00"\n,IT,500\n`);
    expect(parsed.delimiter).toBe(',');
    const analysis = analyseLedger(parsed, '53', DIRECTORY);
    expect(analysis.zones.ownRegion).toEqual({ amountCents: 100000, share: 66.7 });
    expect(analysis.zones.restOfEurope).toEqual({ amountCents: 50000, share: 33.3 });
  });

  it('drops NUL characters (PostgreSQL cannot store them in the analysis)', () => {
    const parsed = parseLedger(Buffer.from(`pays;montant;libelle\nIT;10\u0000;Vis\u0000serie\nX\u0000;5;Ecrous\n`));
    expect(parsed.rows).toEqual([{ line: 2, siret: null, country: 'IT', amountCents: 1000, category: null, label: 'Visserie' }]);
    expect(parsed.rejected).toEqual([{ line: 3, reason: 'pays inconnu (X)' }]);
  });

  it('refuses a file without an amount or supplier column', () => {
    expect(() => parseLedger('siret;pays\n')).toThrow(new LedgerFileError('no amount column (montant / amount)'));
    expect(() => parseLedger('libelle;montant\nx;1\n')).toThrow(LedgerFileError);
    expect(() => parseLedger('')).toThrow('the file is empty');
  });
});
