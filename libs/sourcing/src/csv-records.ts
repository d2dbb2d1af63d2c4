import { Transform, TransformCallback } from 'node:stream';
import { parse } from 'csv-parse/sync';

/**
 * Bytes → batches of CSV records (string[][]), one batch per input chunk.
 *
 * Fields come out as *byte strings*: each byte of the file is one character (latin1), so a UTF-8
 * letter such as « é » arrives as two characters. Decoding a whole file as latin1 is several times
 * faster than as UTF-8, and splitting one-byte strings twice as fast as UTF-16 ones; delimiters,
 * quotes and line breaks are ASCII and never occur inside a UTF-8 sequence, so the split is
 * exact. Fields that hold text are decoded with `utf8()` — and trimmed only after it, since a
 * UTF-8 continuation byte can read as a latin1 no-break space.
 *
 * Most lines of the INSEE files hold no quote at all: those are split on the delimiter directly,
 * which is several times faster than a general CSV state machine on 50-column rows. Lines with
 * quotes (and quoted fields spanning several lines) go through csv-parse, so quoting, escaped
 * quotes and embedded delimiters or line breaks follow RFC 4180 exactly. An unterminated quoted
 * field at the end of the input is an error (a truncated file).
 */
export class CsvRecordError extends Error {
  readonly code = 'CSV_UNTERMINATED_QUOTE';
}

function quoteCount(s: string): number {
  let n = 0;
  for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) n += 1;
  return n;
}

/** A line (or several joined) with quotes, through csv-parse. */
function quoted(text: string, delimiter: string): string[][] {
  const rows: unknown = parse(text, { delimiter, relax_column_count: true, relax_quotes: true });
  return rows as string[][];
}

const NON_ASCII = /[\u0080-\u00ff]/;
const UTF8_BOM = '\u00ef\u00bb\u00bf';

/** The text of a byte-string field (UTF-8 → JavaScript string); ASCII comes back as it is. */
export function utf8(field: string): string {
  return NON_ASCII.test(field) ? Buffer.from(field, 'latin1').toString('utf8') : field;
}

/**
 * The line reader behind both record streams: bytes → complete lines (quoted fields spanning
 * several lines joined) → `onLine`, which appends what it makes of each line to the batch.
 */
function lineStream<T>(onLine: (line: string, out: T[]) => void): Transform {
  let rest = '';
  let pending: string | null = null;
  let first = true;

  const lineRecords = (text: string, out: T[]): void => {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) {
        rest = text.slice(start);
        return;
      }
      let line = text.slice(start, nl);
      start = nl + 1;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (pending !== null) {
        pending += `\n${line}`;
        if (quoteCount(pending) % 2 === 1) continue;
        line = pending;
        pending = null;
      } else if (line.includes('"') && quoteCount(line) % 2 === 1) {
        pending = line;
        continue;
      }
      if (line !== '') onLine(line, out);
    }
  };

  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      // NUL bytes mean nothing in a CSV, are never part of a UTF-8 sequence, and PostgreSQL's text
      // cannot hold them (one would fail a whole COPY): dropped here, for every field of every file.
      const part = chunk.toString('latin1');
      let text = rest + (part.includes('\0') ? part.replaceAll('\0', '') : part);
      if (first) {
        if (text.length < UTF8_BOM.length && !text.includes('\n')) {
          rest = text;
          return done();
        }
        first = false;
        if (text.startsWith(UTF8_BOM)) text = text.slice(UTF8_BOM.length);
      }
      const out: T[] = [];
      try {
        lineRecords(text, out);
      } catch (e) {
        return done(e as Error);
      }
      done(null, out.length ? out : undefined);
    },
    flush(done: TransformCallback) {
      const out: T[] = [];
      try {
        lineRecords(`${first && rest.startsWith(UTF8_BOM) ? rest.slice(UTF8_BOM.length) : rest}\n`, out);
      } catch (e) {
        return done(e as Error);
      }
      if (pending !== null) return done(new CsvRecordError(`unterminated quoted field starting with: ${pending.slice(0, 60)}`));
      if (out.length) this.push(out);
      done();
    },
  });
}

/** Bytes → batches of whole records (every field of every line). */
export function csvRecords(delimiter: string): Transform {
  return lineStream<string[]>((line, out) => {
    if (!line.includes('"')) out.push(line.split(delimiter));
    else out.push(...quoted(line, delimiter));
  });
}

/** A data record of `csvPickedRecords`: how many fields its line has, and the fields asked for. */
export interface PickedRecord {
  width: number;
  /** In the order of the indexes `pick` returned; undefined for an index < 0 or beyond the line. */
  fields: (string | undefined)[];
}

/**
 * Bytes → batches of data records holding only the columns asked for. The header record goes to
 * `pick`, which returns the indexes of the columns to keep (and may throw to refuse the file).
 * On 50-column files of which a third is read, this copies a third of the fields and no array of
 * all of them: fewer strings to allocate and collect.
 */
export function csvPickedRecords(delimiter: string, pick: (header: string[]) => number[]): Transform {
  let indexes: number[] | null = null;
  let ends = new Int32Array(64);
  const picked = (width: number, field: (i: number) => string): PickedRecord => {
    const wanted = indexes as number[];
    const fields = new Array<string | undefined>(wanted.length);
    for (let j = 0; j < wanted.length; j += 1) {
      const i = wanted[j];
      fields[j] = i >= 0 && i < width ? field(i) : undefined;
    }
    return { width, fields };
  };
  return lineStream<PickedRecord>((line, out) => {
    if (indexes === null) {
      indexes = pick(line.includes('"') ? (quoted(line, delimiter)[0] ?? []) : line.split(delimiter));
      return;
    }
    if (line.includes('"')) {
      for (const record of quoted(line, delimiter)) out.push(picked(record.length, (i) => record[i]));
      return;
    }
    // ends[k] = index of the delimiter closing field k (the line's length for the last one).
    let width = 0;
    for (let at = line.indexOf(delimiter); at !== -1; at = line.indexOf(delimiter, at + 1)) {
      if (width === ends.length - 1) {
        const grown = new Int32Array(ends.length * 2);
        grown.set(ends);
        ends = grown;
      }
      ends[width] = at;
      width += 1;
    }
    ends[width] = line.length;
    width += 1;
    out.push(picked(width, (i) => line.slice(i === 0 ? 0 : (ends[i - 1]) + 1, ends[i])));
  });
}
