const ESCAPED = /[\\\t\n\r]/;

/** Text in COPY's text format: backslashes, tabs and line breaks escaped. */
export function copyEscaped(s: string): string {
  return ESCAPED.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

type Utf8Writer = (this: Buffer, s: string, offset: number, length: number) => number;
/**
 * Buffer's own UTF-8 writer: what `buf.write(s, offset)` calls once it has checked its arguments
 * (`CopyLines` makes room itself). A directory line has some twenty values, and the checks cost
 * about as much as the writing; `write` stands in where a runtime lacks it.
 */
const utf8Write: Utf8Writer =
  (Buffer.prototype as unknown as { utf8Write?: Utf8Writer }).utf8Write ??
  function (this: Buffer, s: string, offset: number, length: number): number {
    return this.write(s, offset, length, 'utf8');
  };

/**
 * The bytes of a batch of lines in PostgreSQL's COPY text format, each value written as UTF-8
 * straight into one buffer. Building each line as a string and the batch as their concatenation
 * left V8 a rope of thousands of pieces per batch to flatten and encode again: `Buffer.from` of
 * the batch took about 15 % of the parse of a 1 M-row SIRENE file.
 */
export class CopyLines {
  private buf: Buffer;
  private at = 0;

  constructor(private readonly initialBytes = 1 << 17) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Makes room for `n` more bytes. */
  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(grown, 0, 0, this.at);
    this.buf = grown;
  }

  private write(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
    this.room(s.length * 3);
    this.at += utf8Write.call(this.buf, s, this.at, this.buf.length - this.at);
  }

  /** Text already in COPY form: codes, numbers, `\N`, values escaped by the caller. */
  raw(s: string): void {
    this.write(s);
  }

  /** A text value, its backslashes, tabs and line breaks escaped; `\N` for null. */
  value(s: string | null): void {
    if (s === null) this.write('\\N');
    else this.write(copyEscaped(s));
  }

  /** Bytes `start` to `end` of `src`, already in COPY form (codes, ASCII text without characters to escape). */
  copy(src: Uint8Array, start: number, end: number): void {
    this.room(end - start);
    const buf = this.buf;
    let at = this.at;
    for (let i = start; i < end; i += 1) buf[at++] = src[i];
    this.at = at;
  }

  /** As `copy`, ASCII capitals written in lower case. */
  lower(src: Uint8Array, start: number, end: number): void {
    this.room(end - start);
    const buf = this.buf;
    let at = this.at;
    for (let i = start; i < end; i += 1) {
      const b = src[i];
      buf[at++] = b >= 65 && b <= 90 ? b + 32 : b;
    }
    this.at = at;
  }

  /** Bytes made once (the parts of a line that repeat: a commune's territory, the import's id). */
  bytes(b: Uint8Array): void {
    this.copy(b, 0, b.length);
  }

  /** One byte (an ASCII character). */
  byte(b: number): void {
    this.room(1);
    this.buf[this.at] = b;
    this.at += 1;
  }

  /** The column separator. */
  tab(): void {
    this.room(1);
    this.buf[this.at] = 9;
    this.at += 1;
  }

  /** The end of a line. */
  newline(): void {
    this.room(1);
    this.buf[this.at] = 10;
    this.at += 1;
  }

  /** The bytes written since the last call (a buffer of their own), or undefined if none. */
  take(): Buffer | undefined {
    if (this.at === 0) return undefined;
    const out = Buffer.allocUnsafe(this.at);
    this.buf.copy(out, 0, 0, this.at);
    this.at = 0;
    if (this.buf.length > this.initialBytes * 4) this.buf = Buffer.allocUnsafe(this.initialBytes);
    return out;
  }
}
