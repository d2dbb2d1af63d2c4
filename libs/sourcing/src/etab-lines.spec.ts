import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { communeTable, withLuhnKey } from '@filiere/reference-data';
import { recordCut } from './csv-records';
import { EtabLines } from './etab-lines';
import { CommuneWire, communeWire, ETAB_COLUMNS, EtabParseState, FoldTable } from './etab-rows';
import { STOCK_ETABLISSEMENT_HEADER, StockEtablissementColumn, stockEtablissementLine } from './sirene-format';

/**
 * StockEtablissement parsed in blocks, here and in parse threads: whatever the blocks and the
 * threads, the COPY lines, the counts and the rejected rows (numbered in the file) are those of
 * one parse of the whole file in one thread.
 */

let communes: CommuneWire[];
beforeAll(() => {
  communes = communeWire(communeTable());
});

function siretOf(n: number): string {
  return withLuhnKey(withLuhnKey(`8${String(n).padStart(7, '0')}`) + '0001');
}

/** Rows with quoted names (commas, quotes, line breaks), closed and rejected rows, malformed lines, blank lines and CRLF. */
function stockText(rows: number): string {
  const lines = ['\uFEFF' + STOCK_ETABLISSEMENT_HEADER.join(',')];
  for (let i = 0; i < rows; i += 1) {
    const siret = siretOf(i);
    if (i % 97 === 13) lines.push('12345678901234,trop court');
    if (i % 89 === 5) lines.push('');
    const line = stockEtablissementLine({
      siren: siret.slice(0, 9),
      nic: siret.slice(9),
      siret: i % 71 === 3 ? '123' : siret,
      statutDiffusionEtablissement: 'O',
      codeCommuneEtablissement: i % 41 === 7 ? '99999' : i % 43 === 8 ? '2a004' : '25056',
      etatAdministratifEtablissement: i % 10 === 9 ? 'F' : 'A',
      denominationUsuelleEtablissement: i % 3 === 0 ? `Forges "du Jura", ${i}\nsur deux lignes` : i % 5 === 0 ? `Usinage\u0000 ${i}` : `Atelier ${i}`,
      activitePrincipaleEtablissement: i % 53 === 9 ? '99.99Q' : '25.62B',
      nomenclatureActivitePrincipaleEtablissement: 'NAFv2',
    });
    lines.push(i % 7 === 0 ? `${line}\r` : line);
  }
  return `${lines.join('\n')}\n`;
}

function freshState(): EtabParseState {
  return { counters: { rowsRead: 0, rowsKept: 0, rowsClosed: 0, rowsRejected: 0, rejectedSamples: [] }, width: 0, line: 1, pendingMalformed: null };
}

/** Staging lines without their `ord` (which depends on the blocks). */
function withoutOrd(lines: string): string {
  return lines.replace(/^\d+\t/gm, '');
}

async function parse(
  text: string | Buffer,
  options: { threads: number; blockBytes?: number; chunk?: number; mode?: 'direct' | 'staging'; fold?: FoldTable; bytePath?: boolean },
): Promise<{ lines: string; state: EtabParseState; here: number; threads: number; fromBytes: number }> {
  const state = freshState();
  const stream = new EtabLines({
    setup: { mode: options.mode ?? 'staging', communes, fold: options.fold ?? { chars: [] }, importId: 'import', bytePath: options.bytePath },
    state,
    threads: options.threads,
    blockBytes: options.blockBytes,
    pick: (header) => Object.keys(ETAB_COLUMNS).map((k) => header.indexOf(k)),
    end: () => (state.pendingMalformed ? new Error(`truncated at line ${state.pendingMalformed.line}`) : undefined),
  });
  const bytes = Buffer.from(text);
  const chunk = options.chunk ?? 4096;
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  const out: Buffer[] = [];
  await pipeline(Readable.from(parts), stream, new Writable({
    write(c: Buffer, _enc, done) {
      out.push(c);
      done();
    },
  }));
  return { lines: Buffer.concat(out).toString('utf8'), state, here: stream.parsedHere, threads: stream.parsedByThreads, fromBytes: stream.readAsBytes };
}

// Parse threads run the TypeScript sources through ts-node: their start takes a few seconds here.
jest.setTimeout(60_000);

describe('recordCut', () => {
  it('cuts after the last line break outside quotes', () => {
    const cut = (s: string): string => s.slice(0, recordCut(Buffer.from(s)));
    expect(cut('a,b\n1,2\n3,')).toBe('a,b\n1,2\n');
    expect(cut('a,b\n1,"x\ny"\n2,"open\n')).toBe('a,b\n1,"x\ny"\n');
    expect(cut('1,"x\ny""z\n')).toBe('');
    expect(cut('1,"x\ny"\n2,"a""b"\n3')).toBe('1,"x\ny"\n2,"a""b"\n');
    expect(cut('no line break')).toBe('');
    expect(cut('')).toBe('');
  });

  it('leaves whole records before the cut, wherever the bytes end', () => {
    const bytes = Buffer.from(stockText(60));
    // Record ends of the whole text: line breaks after an even number of quotes.
    const ends = new Set<number>([0]);
    let quotes = 0;
    bytes.forEach((b, i) => {
      if (b === 0x22) quotes += 1;
      else if (b === 0x0a && quotes % 2 === 0) ends.add(i + 1);
    });
    let last = 0;
    for (let end = 1; end <= bytes.length; end += 13) {
      const at = recordCut(bytes.subarray(0, end));
      expect(ends.has(at)).toBe(true);
      // The last record end within the bytes given.
      expect([...ends].filter((e) => e <= end).pop()).toBe(at);
      expect(at).toBeGreaterThanOrEqual(last);
      last = at;
    }
  });
});

describe('EtabLines', () => {
  const text = stockText(3_000);
  let reference: Awaited<ReturnType<typeof parse>>;
  beforeAll(async () => {
    // One block: the file parsed at once, in this thread.
    reference = await parse(text, { threads: 0, blockBytes: 1 << 30, chunk: 1 << 30 });
  });

  it('reads the file: rows kept, closed, rejected with reasons, malformed lines numbered in the file', () => {
    const c = reference.state.counters;
    expect(c.rowsRead).toBe(3_000 + 31);
    expect(c.rowsRejected).toBeGreaterThan(100);
    expect(c.rowsClosed).toBeGreaterThan(250);
    expect(c.rowsKept + c.rowsClosed + c.rowsRejected).toBe(c.rowsRead);
    expect(c.rejectedSamples).toHaveLength(20);
    expect(c.rejectedSamples.some((s) => s.reason.startsWith('ligne mal formée : 2 colonnes au lieu de 54'))).toBe(true);
    // Staging lines: one per establishment kept or closed; names decoded, the NUL dropped.
    const lines = reference.lines.split('\n').slice(0, -1);
    expect(lines).toHaveLength(c.rowsKept + c.rowsClosed);
    expect(reference.lines).toContain('Forges "du Jura", 0\\nsur deux lignes');
    expect(reference.lines).toContain('\tUsinage 5\t');
  });

  it.each([
    { threads: 0, blockBytes: 1, chunk: 1_000 },
    { threads: 0, blockBytes: 5_000, chunk: 777 },
    { threads: 1, blockBytes: 1, chunk: 1_000 },
    { threads: 1, blockBytes: 3_000, chunk: 4_096 },
    { threads: 2, blockBytes: 2_000, chunk: 333 },
  ])('gives the same lines, counts and rejected rows in blocks ($blockBytes bytes, chunks of $chunk) with $threads parse thread(s)', async (options) => {
    const got = await parse(text, options);
    expect(got.state).toEqual(reference.state);
    expect(withoutOrd(got.lines)).toBe(withoutOrd(reference.lines));
    expect(got.here + got.threads).toBeGreaterThan(50);
    if (options.threads > 0) expect(got.threads).toBeGreaterThan(0);
  });

  it('gives the same directory lines with a parse thread', async () => {
    const one = await parse(text, { threads: 0, blockBytes: 1 << 30, chunk: 1 << 30, mode: 'direct' });
    const split = await parse(text, { threads: 1, blockBytes: 2_000, mode: 'direct' });
    expect(split.lines).toBe(one.lines);
    expect(split.threads).toBeGreaterThan(0);
  });

  it('orders staging lines by block, then by record (the last line of a SIRET wins)', async () => {
    const got = await parse(text, { threads: 1, blockBytes: 2_000 });
    const ords = got.lines.split('\n').slice(0, -1).map((l) => Number(l.split('\t')[0]));
    expect(ords.every((o, i) => i === 0 || o > (ords[i - 1]))).toBe(true);
    expect(new Set(ords.map((o) => Math.floor(o / 2 ** 32))).size).toBeGreaterThan(20);
  });

  it.each([0, 1])('with %i parse thread(s): a quoted field left open at the end fails; a short last line is a truncation', async (threads) => {
    await expect(parse(`${text}${siretOf(1)},"never closed`, { threads, blockBytes: 2_000 })).rejects.toMatchObject({ code: 'CSV_UNTERMINATED_QUOTE' });
    await expect(parse(text.slice(0, -200), { threads, blockBytes: 2_000 })).rejects.toThrow(/^truncated at line \d+$/);
  });

  it('reads a header alone, or nothing', async () => {
    const header = await parse(`${STOCK_ETABLISSEMENT_HEADER.join(',')}`, { threads: 0 });
    expect([header.state.width, header.state.counters.rowsRead, header.lines]).toEqual([54, 0, '']);
    const empty = await parse('\n\r\n', { threads: 0 });
    expect([empty.state.width, empty.lines]).toEqual([0, '']);
  });
});

/** A small random generator with a seed, so that the varied file is the same at every run. */
function seeded(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

/** PostgreSQL's folding as `searchFoldTable` reads it with the unaccent rules: capitals and accented letters (a part of them). */
const FOLD: FoldTable = {
  chars: [
    ...Array.from({ length: 26 }, (_, i): [number, string] => [65 + i, String.fromCharCode(97 + i)]),
    ...[...'ÀÂÉÈÊÔÙÇàâéèêôùç'].map((c): [number, string] => [c.codePointAt(0) as number, c.normalize('NFD')[0].toLowerCase()]),
    [0x0152, 'oe'],
    [0x0153, 'oe'],
  ],
};

/**
 * Records of every kind, each column drawn from values written the usual way and otherwise:
 * blanks around values, `[ND]`, codes to normalise or to reject, names with accents, backslashes,
 * tabs, line breaks, characters beyond the BMP, over 250 characters; La Poste's SIRETs, SIRETs
 * that do not match their SIREN or NIC, overseas communes with coordinates; CRLF, quoted and
 * blank lines, malformed lines, NUL bytes.
 */
function variedText(rows: number): string {
  const random = seeded(42);
  const pick = <T>(values: T[], usual: T, share = 0.6): T => (random() < share ? usual : values[Math.floor(random() * values.length)]);
  const long = 'Mécanique générale de précision et chaudronnerie industrielle '.repeat(5);
  const names = ['Atelier Dupont', 'ATELIER DUPONT', 'Forges "du Jura", Ouest', 'Café de la Gare', 'Œuvre ÉLAN', ' Atelier espacé ', '[ND]', '', 'back\\slash', 'tab\there', 'deux\nlignes', 'Étoile 𝔸', long, long.replace(/é/g, 'e'), 'cr\rdedans', 'fin\u00a0', 'x'];
  const lines = [STOCK_ETABLISSEMENT_HEADER.join(',')];
  for (let i = 0; i < rows; i += 1) {
    const siret = siretOf(i);
    const commune = pick(['', '[ND]', '2A004', '2a004', ' 25056', '99999', '750', '97101', '97601', '75056', '13055'], '25056');
    const values: Partial<Record<StockEtablissementColumn, string>> = {
      siren: pick([siret.slice(0, 9), ` ${siret.slice(0, 9)}`, '123456789', '[ND]'], siret.slice(0, 9), 0.9),
      nic: pick([siret.slice(9), '00000', ''], siret.slice(9), 0.9),
      siret: pick([siret, `${siret} `, '123', '35600000000048', '35600000012345', '[ND]', siret.slice(0, 13) + String((Number(siret[13]) + 1) % 10)], siret, 0.85),
      statutDiffusionEtablissement: pick(['O', 'P', 'N', '', ' O', '[ND]'], 'O', 0.8),
      dateCreationEtablissement: pick(['', '2020-02-29', '2021-02-29', '1799-12-31', '1800-01-01', '2020-13-01', '20-01-01', '[ND]', ' 2001-01-01', '2001-1-01'], '1995-06-17'),
      trancheEffectifsEtablissement: pick(['', 'NN', '12', '1', 'AB', '[ND]', ' 12'], '03'),
      etablissementSiege: pick(['true', 'false', ' true', '', '[ND]', 'TRUE'], 'false'),
      codePostalEtablissement: pick(['', '25000', '2500', 'ABCDE', '[ND]', '25000 '], '25000'),
      codeCommuneEtablissement: commune,
      coordonneeLambertAbscisseEtablissement: pick(['', '[ND]', 'abc', '925000.5', ' 925000'], random() < 0.5 ? '' : String(900_000 + Math.floor(random() * 100_000))),
      coordonneeLambertOrdonneeEtablissement: pick(['', '[ND]', '6700000.25'], String(6_600_000 + Math.floor(random() * 200_000))),
      etatAdministratifEtablissement: pick(['A', 'F', '', 'X', ' A', '[ND]'], random() < 0.9 ? 'A' : 'F', 0.9),
      enseigne1Etablissement: pick(names, random() < 0.5 ? '' : `ENSEIGNE ${i}`, 0.4),
      denominationUsuelleEtablissement: pick(names, random() < 0.5 ? '' : `Atelier ${i}`, 0.4),
      activitePrincipaleEtablissement: pick(['', '2562B', '25.62b', ' 25.62B', 'XX', '25.62BB', '99.99Q', '25.62', '[ND]', 'C'], '25.62B'),
      nomenclatureActivitePrincipaleEtablissement: pick(['', 'NAFv1', '[ND]', ' NAFv2', 'NAP'], 'NAFv2', 0.85),
      caractereEmployeurEtablissement: pick(['O', 'N', '', 'X', '[ND]'], 'O'),
    };
    let line = stockEtablissementLine(values);
    if (random() < 0.01) line = `${line},de trop`;
    if (random() < 0.01) line = line.replace(',', ',\u0000');
    if (random() < 0.01) line = `${line}\r\u0000`;
    if (random() < 0.005) lines.push('\u0000');
    lines.push(random() < 0.1 ? `${line}\r` : line);
    if (random() < 0.01) lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

describe('the byte path of direct loads', () => {
  const text = variedText(4_000);

  it.each([
    { name: 'direct lines, one block', mode: 'direct' as const, blockBytes: 1 << 30, chunk: 1 << 30 },
    { name: 'direct lines, small blocks', mode: 'direct' as const, blockBytes: 3_000, chunk: 1_000 },
    { name: 'staging lines, one block', mode: 'staging' as const, blockBytes: 1 << 30, chunk: 1 << 30 },
    { name: 'staging lines, small blocks', mode: 'staging' as const, blockBytes: 3_000, chunk: 1_000 },
  ])('writes the lines, counts and rejected rows of the general path ($name)', async ({ mode, blockBytes, chunk }) => {
    const general = await parse(text, { threads: 0, blockBytes, chunk, mode, fold: FOLD, bytePath: false });
    const bytes = await parse(text, { threads: 0, blockBytes, chunk, mode, fold: FOLD });
    expect(general.fromBytes).toBe(0);
    expect(bytes.fromBytes).toBeGreaterThan(500);
    expect(bytes.fromBytes).toBeLessThan(bytes.state.counters.rowsRead);
    expect(bytes.state).toEqual(general.state);
    expect(bytes.lines).toBe(general.lines);
    // The file holds records of each kind.
    const c = general.state.counters;
    expect([c.rowsKept > 1_500, c.rowsClosed > 100, c.rowsRejected > 300]).toEqual([true, true, true]);
    expect(general.lines).toMatch(/\tCafé de la Gare\t/);
    if (mode === 'direct') {
      expect(general.lines).toMatch(/ cafe de la gare\timport\n/);
      expect(general.lines).toMatch(/\toeuvre elan\timport\n/);
    }
  });

  it('is left aside where the database folds ASCII otherwise than to lower case', async () => {
    const fold = { chars: [...FOLD.chars, [0x2d, ' '] as [number, string]] };
    const general = await parse(text, { threads: 0, blockBytes: 5_000, chunk: 4_096, mode: 'direct', fold, bytePath: false });
    const bytes = await parse(text, { threads: 0, blockBytes: 5_000, chunk: 4_096, mode: 'direct', fold });
    expect(bytes.fromBytes).toBe(0);
    expect(bytes.lines).toBe(general.lines);
  });

  it('gives the same lines with a parse thread', async () => {
    const general = await parse(text, { threads: 0, blockBytes: 1 << 30, chunk: 1 << 30, mode: 'direct', fold: FOLD, bytePath: false });
    const split = await parse(text, { threads: 1, blockBytes: 2_000, mode: 'direct', fold: FOLD });
    expect(split.lines).toBe(general.lines);
    expect(split.state).toEqual(general.state);
    expect(split.threads).toBeGreaterThan(0);
  });

  it('fails a quoted field left open and a truncation as the general path does', async () => {
    await expect(parse(`${text}${siretOf(1)},"never closed`, { threads: 0, blockBytes: 2_000, mode: 'direct', fold: FOLD })).rejects.toMatchObject({ code: 'CSV_UNTERMINATED_QUOTE' });
    await expect(parse(text.slice(0, -200), { threads: 0, blockBytes: 2_000, mode: 'direct', fold: FOLD })).rejects.toThrow(/^truncated at line \d+$/);
  });
});
