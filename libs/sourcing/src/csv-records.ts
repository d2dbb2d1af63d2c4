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

/** The number of double quotes in `s`. */
export function quoteCount(s: string): number {
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
 * Where the line reader puts what it makes of the lines: `line` takes each complete line, `take`
 * returns what a chunk of input made (pushed downstream as one chunk; undefined: nothing), `end`
 * checks the input once it is all read.
 */
interface LineSink<T> {
  line(line: string): void;
  take(): T | undefined;
  end?(): Error | undefined;
}

/**
 * Text → complete lines, for `onLine`: a line ending in CR loses it, blank lines are skipped, and
 * a quoted field spanning several lines keeps them joined in one. What follows the last line
 * break (`rest`) and a quoted field still open (`pending`) wait for the next `feed`.
 */
export class LineSplitter {
  rest = '';
  pending: string | null = null;

  constructor(private readonly onLine: (line: string) => void) {}

  feed(text: string): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) {
        this.rest = text.slice(start);
        return;
      }
      let line = text.slice(start, nl);
      start = nl + 1;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (this.pending !== null) {
        this.pending += `\n${line}`;
        if (quoteCount(this.pending) % 2 === 1) continue;
        line = this.pending;
        this.pending = null;
      } else if (line.includes('"') && quoteCount(line) % 2 === 1) {
        this.pending = line;
        continue;
      }
      if (line !== '') this.onLine(line);
    }
  }

  /** Whatever is left at the end of the input: its last line, or an error for a quoted field left open. */
  finish(): void {
    this.feed(`${this.rest}\n`);
    if (this.pending !== null) throw new CsvRecordError(`unterminated quoted field starting with: ${this.pending.slice(0, 60)}`);
  }
}

/** Bytes read as a byte string (latin1), NUL bytes dropped. */
export function byteText(chunk: Buffer): string {
  // NUL bytes mean nothing in a CSV, are never part of a UTF-8 sequence, and PostgreSQL's text
  // cannot hold them (one would fail a whole COPY): dropped here, for every field of every file.
  const part = chunk.toString('latin1');
  return part.includes('\0') ? part.replaceAll('\0', '') : part;
}

/**
 * The line reader behind the record streams: bytes → complete lines (quoted fields spanning
 * several lines joined) → `sink`. `objectMode`: what the sink takes out is pushed as objects
 * (batches of records) rather than bytes.
 */
function lineStream<T>(sink: LineSink<T>, objectMode: boolean, readableBytes?: number): Transform {
  const lines = new LineSplitter((line) => sink.line(line));
  let first = true;

  return new Transform({
    readableObjectMode: objectMode,
    // In object mode, one batch waiting (not the default 16 objects): a batch is a chunk's records.
    ...(objectMode ? { readableHighWaterMark: 1 } : readableBytes ? { readableHighWaterMark: readableBytes } : {}),
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      let text = lines.rest + byteText(chunk);
      if (first) {
        if (text.length < UTF8_BOM.length && !text.includes('\n')) {
          lines.rest = text;
          return done();
        }
        first = false;
        if (text.startsWith(UTF8_BOM)) text = text.slice(UTF8_BOM.length);
      }
      try {
        lines.feed(text);
      } catch (e) {
        sink.take();
        return done(e as Error);
      }
      done(null, sink.take());
    },
    flush(done: TransformCallback) {
      if (first && lines.rest.startsWith(UTF8_BOM)) lines.rest = lines.rest.slice(UTF8_BOM.length);
      try {
        lines.finish();
      } catch (e) {
        return done(e as Error);
      }
      const last = sink.take();
      if (last !== undefined) this.push(last);
      done(sink.end?.());
    },
  });
}

/** A sink that collects what `line` makes into batches (arrays), one per chunk of input. */
function batches<T>(onLine: (line: string, out: T[]) => void): LineSink<T[]> {
  let out: T[] = [];
  return {
    line: (line) => onLine(line, out),
    take: () => {
      if (out.length === 0) return undefined;
      const batch = out;
      out = [];
      return batch;
    },
  };
}

/** Bytes → batches of whole records (every field of every line). */
export function csvRecords(delimiter: string): Transform {
  return lineStream(batches<string[]>((line, out) => {
    if (!line.includes('"')) out.push(line.split(delimiter));
    else out.push(...quoted(line, delimiter));
  }), true);
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
  const records = pickedRecords(delimiter, pick);
  return lineStream(batches<PickedRecord>((line, out) => records(line, (r) => out.push(r))), true);
}

/**
 * Bytes → bytes: each data record (as `csvPickedRecords` makes them) goes to `sink.record`, which
 * writes what it makes of it; `sink.take` returns the bytes a chunk of input made. One stream
 * stage, with no queue of records between the parser and what writes them: in object mode, such
 * a queue is a linked list, and one entry promoted to V8's old generation can keep the later ones
 * alive through scavenges (2 imports in 3 then spent most of their time in full collections).
 * `readableBytes`: how many bytes of output may wait downstream.
 */
export function csvPickedTransform(
  delimiter: string,
  pick: (header: string[]) => number[],
  sink: { record(r: PickedRecord): void; take(): Buffer | undefined; end?(): Error | undefined },
  readableBytes?: number,
): Transform {
  const records = pickedRecords(delimiter, pick);
  const emit = (r: PickedRecord): void => sink.record(r);
  return lineStream<Buffer>({ line: (line) => records(line, emit), take: () => sink.take(), end: () => sink.end?.() }, false, readableBytes);
}

/** The fields of a header line. */
export function headerFields(line: string, delimiter: string): string[] {
  return line.includes('"') ? (quoted(line, delimiter)[0] ?? []) : line.split(delimiter);
}

/**
 * A line → its picked record(s), to `emit`. With `pick`, the first line is the header, given to
 * it; with the indexes themselves (a header read already), every line is a data record.
 */
export function pickedRecords(delimiter: string, pick: ((header: string[]) => number[]) | number[]): (line: string, emit: (r: PickedRecord) => void) => void {
  let indexes: number[] | null = Array.isArray(pick) ? pick : null;
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
  return (line, emit) => {
    if (indexes === null) {
      indexes = (pick as (header: string[]) => number[])(headerFields(line, delimiter));
      return;
    }
    if (line.includes('"')) {
      for (const record of quoted(line, delimiter)) emit(picked(record.length, (i) => record[i]));
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
    emit(picked(width, (i) => line.slice(i === 0 ? 0 : (ends[i - 1]) + 1, ends[i])));
  };
}

/**
 * How many bytes of `buf` (read from the start of a record) make complete records: up to and
 * including the last line break outside quotes; 0 when there is none. Delimiters, quotes and line
 * breaks are ASCII, never part of a UTF-8 sequence, so bytes can be cut there as text would be.
 * A line break is outside quotes when an even number of quotes precedes it (`LineSplitter`'s rule).
 */
export function recordCut(buf: Uint8Array): number {
  const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const quotes: number[] = [];
  for (let q = bytes.indexOf(0x22); q !== -1; q = bytes.indexOf(0x22, q + 1)) quotes.push(q);
  // Stretches outside quotes: [0, q0), (q1, q2), (q3, q4)…, the last one up to the end when the count is even.
  for (let j = quotes.length >> 1; j >= 0; j -= 1) {
    const start = j === 0 ? 0 : quotes[2 * j - 1] + 1;
    const end = 2 * j < quotes.length ? quotes[2 * j] : bytes.length;
    if (end > start) {
      const nl = bytes.lastIndexOf(0x0a, end - 1);
      if (nl >= start) return nl + 1;
    }
  }
  return 0;
}
