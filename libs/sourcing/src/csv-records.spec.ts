import { Readable } from 'node:stream';
import { csvRecords, utf8 } from './csv-records';

async function records(chunks: string[], delimiter = ','): Promise<string[][]> {
  const out: string[][] = [];
  for await (const batch of Readable.from(chunks.map((c) => Buffer.from(c))).pipe(csvRecords(delimiter))) out.push(...(batch as string[][]));
  return out;
}

describe('csvRecords', () => {
  it('splits plain lines, strips the BOM and CRLF, skips blank lines', async () => {
    expect(await records(['\uFEFFa,b,c\r\n1,2,3\r\n\r\n', '4,5,6'])).toEqual([['a', 'b', 'c'], ['1', '2', '3'], ['4', '5', '6']]);
  });

  it('follows RFC 4180 quoting, across chunk boundaries and line breaks', async () => {
    const text = 'siret,name\n1,"ACME, Inc."\n2,"Le ""Bon"" Outil"\n3,"sur\ndeux lignes"\n4,fin\n';
    for (let cut = 1; cut < text.length; cut += 7) {
      expect(await records([text.slice(0, cut), text.slice(cut)])).toEqual([['siret', 'name'], ['1', 'ACME, Inc.'], ['2', 'Le "Bon" Outil'], ['3', 'sur\ndeux lignes'], ['4', 'fin']]);
    }
  });

  it('gives byte strings that utf8() decodes, multi-byte UTF-8 split between chunks, other delimiters', async () => {
    const bytes = Buffer.from('nom;ville\nÉcole;Besançon\n"Forges, à Brest";Saint-Étienne\n');
    for (let cut = 1; cut < bytes.length; cut += 1) {
      const out: string[][] = [];
      for await (const batch of Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]).pipe(csvRecords(';'))) out.push(...(batch as string[][]));
      expect(out.map((r) => r.map(utf8))).toEqual([['nom', 'ville'], ['École', 'Besançon'], ['Forges, à Brest', 'Saint-Étienne']]);
    }
  });

  it('utf8() leaves ASCII alone and decodes what a trim would otherwise cut (à ends in byte A0)', () => {
    expect(utf8('ACME')).toBe('ACME');
    const raw = Buffer.from('Voilà', 'utf8').toString('latin1');
    expect(raw.trim()).not.toBe(raw);
    expect(utf8(raw)).toBe('Voilà');
  });

  it('strips a UTF-8 byte order mark split across chunks', async () => {
    const bytes = Buffer.from('\uFEFFa,b\n1,2\n');
    const out: string[][] = [];
    for await (const batch of Readable.from([bytes.subarray(0, 2), bytes.subarray(2)]).pipe(csvRecords(','))) out.push(...(batch as string[][]));
    expect(out).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('fails on a quoted field left open at the end (a truncated file)', async () => {
    await expect(records(['a,b\n1,"never closed\n2,3\n'])).rejects.toMatchObject({ code: 'CSV_UNTERMINATED_QUOTE' });
  });
});
