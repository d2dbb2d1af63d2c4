import { Readable } from 'node:stream';
import { csvPickedRecords, csvPickedTransform, csvRecords, PickedRecord, utf8 } from './csv-records';

async function records(chunks: string[], delimiter = ','): Promise<string[][]> {
  const out: string[][] = [];
  for await (const batch of Readable.from(chunks.map((c) => Buffer.from(c))).pipe(csvRecords(delimiter))) out.push(...(batch as string[][]));
  return out;
}

describe('csvRecords', () => {
  it('splits plain lines, strips the BOM and CRLF, skips blank lines', async () => {
    expect(await records(['\uFEFFa,b,c\r\n1,2,3\r\n\r\n', '4,5,6'])).toEqual([['a', 'b', 'c'], ['1', '2', '3'], ['4', '5', '6']]);
  });

  it('drops NUL bytes, in plain and quoted fields', async () => {
    expect(await records(['a,b\n1\u0000,"x\u0000y"\n', '\u00002,z\n'])).toEqual([['a', 'b'], ['1', 'xy'], ['2', 'z']]);
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

describe('csvPickedRecords', () => {
  async function picked(text: string, pick: (header: string[]) => number[], cut = text.length): Promise<PickedRecord[]> {
    const bytes = Buffer.from(text);
    const out: PickedRecord[] = [];
    for await (const batch of Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)].filter((b) => b.length)).pipe(csvPickedRecords(',', pick))) out.push(...(batch as PickedRecord[]));
    return out;
  }

  it('keeps only the columns asked for, in the order asked, with each line’s width', async () => {
    const text = 'a,b,c,d\n1,2,3,4\n5,"six, 6",7,8\n9,10\n"x\ny",,z,w\n';
    for (let cut = 1; cut <= text.length; cut += 3) {
      const out = await picked(text, (header) => [header.indexOf('c'), header.indexOf('b'), header.indexOf('missing'), 3], cut);
      expect(out).toEqual([
        { width: 4, fields: ['3', '2', undefined, '4'] },
        { width: 4, fields: ['7', 'six, 6', undefined, '8'] },
        { width: 2, fields: [undefined, '10', undefined, undefined] },
        { width: 4, fields: ['z', '', undefined, 'w'] },
      ]);
    }
  });

  it('handles lines longer than its first guess of width', async () => {
    const header = Array.from({ length: 200 }, (_, i) => `c${i}`).join(',');
    const row = Array.from({ length: 200 }, (_, i) => String(i)).join(',');
    expect(await picked(`${header}\n${row}\n`, () => [0, 150, 199])).toEqual([{ width: 200, fields: ['0', '150', '199'] }]);
  });

  it('fails the stream when pick refuses the header', async () => {
    await expect(picked('a,b\n1,2\n', () => {
      throw new Error('missing column siret');
    })).rejects.toThrow('missing column siret');
  });
});

describe('csvPickedTransform', () => {
  /** The bytes the stream makes when each record is written as its fields (decoded) joined by '|'. */
  async function written(text: string, cut: number, end?: () => Error | undefined): Promise<string> {
    const bytes = Buffer.from(text);
    let out = '';
    const sink = {
      record: (r: PickedRecord) => {
        out += `${r.width}:${r.fields.map((f) => (f === undefined ? '∅' : utf8(f))).join('|')}\n`;
      },
      take: () => {
        if (out === '') return undefined;
        const chunk = Buffer.from(out);
        out = '';
        return chunk;
      },
      end,
    };
    const chunks: Buffer[] = [];
    const stream = Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)].filter((b) => b.length)).pipe(csvPickedTransform(',', (h) => [h.indexOf('b'), h.indexOf('a')], sink));
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString();
  }

  it('hands each record to the sink and passes on the bytes it makes, whatever the chunking', async () => {
    const text = 'a,b\n1,2\n"x\ny",é\n3\n';
    for (let cut = 1; cut <= text.length; cut += 1) {
      expect(await written(text, cut)).toBe('2:2|1\n2:é|x\ny\n1:∅|3\n');
    }
  });

  it('fails the stream with the error the sink finds at the end', async () => {
    await expect(written('a,b\n1,2\n', 3, () => new Error('the file is truncated'))).rejects.toThrow('the file is truncated');
    await expect(written('a,b\n1,2\n', 3, () => undefined)).resolves.toBe('2:2|1\n');
  });
});
