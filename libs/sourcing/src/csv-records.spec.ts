import { Readable } from 'node:stream';
import { csvRecords } from './csv-records';

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

  it('reads multi-byte UTF-8 split between chunks, and other delimiters', async () => {
    const bytes = Buffer.from('nom;ville\nÉcole;Besançon\n');
    const out: string[][] = [];
    for await (const batch of Readable.from([bytes.subarray(0, 12), bytes.subarray(12)]).pipe(csvRecords(';'))) out.push(...(batch as string[][]));
    expect(out).toEqual([['nom', 'ville'], ['École', 'Besançon']]);
  });

  it('fails on a quoted field left open at the end (a truncated file)', async () => {
    await expect(records(['a,b\n1,"never closed\n2,3\n'])).rejects.toMatchObject({ code: 'CSV_UNTERMINATED_QUOTE' });
  });
});
