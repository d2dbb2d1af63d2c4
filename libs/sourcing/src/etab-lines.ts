import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Transform, TransformCallback } from 'node:stream';
import { Worker, WorkerOptions } from 'node:worker_threads';
import { byteText, headerFields, recordCut } from './csv-records';
import { EtabBlock, EtabBlockParser, EtabHeader, EtabParseSetup, EtabParseState, mergeBlock } from './etab-rows';

/** A block for a parse thread. */
export interface ParseRequest {
  id: number;
  bytes: Uint8Array;
  header: EtabHeader;
  final: boolean;
  /** Its rank in the file. */
  block: number;
}

/** What a parse thread answers: a block's result, or why a block failed. */
export type ParseReply = { id: number; block: EtabBlock } | { id: number; error: { name: string; message: string; code?: string } };

/**
 * Parse threads an import uses besides its own by default: one from 3 cores on (the import's
 * thread, a parse thread and PostgreSQL's backend, which takes the COPY and fills the trigram
 * index meanwhile, each have one), none below. On 2 cores, a parse thread left PostgreSQL short
 * and made the import no faster (README, benchmarks); each thread also adds some 50 MB of memory.
 */
export function defaultParseThreads(): number {
  return availableParallelism() >= 3 ? 1 : 0;
}

/** Blocks each parse thread may hold at once: one it parses, one waiting, so that it never idles. */
const PER_THREAD = 2;

/** The thread's entry, compiled next to this file; run from the sources (tests, `npm run dev:*`), through ts-node as they are. */
function threadEntry(): { file: string; options: WorkerOptions } {
  if (extname(__filename) !== '.ts') return { file: join(__dirname, 'etab-parse.worker.js'), options: {} };
  const root = join(__dirname, '..', '..', '..');
  return {
    file: join(__dirname, 'etab-parse.worker.ts'),
    options: {
      execArgv: ['--require', require.resolve('ts-node/register'), '--require', require.resolve('tsconfig-paths/register')],
      env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.base.json'), TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_SWC: 'true' },
    },
  };
}

type Parse = (bytes: Uint8Array, header: EtabHeader, final: boolean, block: number) => EtabBlock;

/**
 * One parse thread and the blocks it holds. Blocks may be sent before it has started (they wait
 * in its port). If the thread itself fails (it could not start, or died), the blocks it held and
 * any later ones are parsed by `fallback` in the import's thread: the lines are the same.
 */
class ParseThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { bytes: Uint8Array; header: EtabHeader; final: boolean; block: number; resolve: (b: EtabBlock) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private down = false;
  /** Blocks it parsed. */
  parsed = 0;

  constructor(setup: EtabParseSetup, private readonly fallback: Parse) {
    const { file, options } = threadEntry();
    this.worker = new Worker(file, { ...options, workerData: setup });
    this.worker.on('message', (m: ParseReply) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (!w) return;
      if ('error' in m) w.reject(Object.assign(new Error(m.error.message), { name: m.error.name, code: m.error.code }));
      else {
        this.parsed += 1;
        w.resolve(m.block);
      }
    });
    this.worker.on('error', () => this.fail());
    this.worker.on('exit', () => this.fail());
  }

  /** The thread is gone: what it held is parsed here, in order. */
  private fail(): void {
    this.down = true;
    const held = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of held) {
      try {
        w.resolve(this.fallback(w.bytes, w.header, w.final, w.block));
      } catch (e) {
        w.reject(e as Error);
      }
    }
  }

  /** Whether it can take a block now. */
  get free(): boolean {
    return !this.down && this.waiting.size < PER_THREAD;
  }

  parse(bytes: Uint8Array, header: EtabHeader, final: boolean, block: number): Promise<EtabBlock> {
    // A copy of its own (a view of a larger buffer would carry all of it), handed over.
    const own = new Uint8Array(bytes);
    const id = (this.nextId += 1);
    return new Promise<EtabBlock>((resolve, reject) => {
      // The copy is handed over (emptied here): the fallback keeps the original.
      this.waiting.set(id, { bytes, header, final, block, resolve, reject });
      this.worker.postMessage({ id, bytes: own, header, final, block } satisfies ParseRequest, [own.buffer]);
    });
  }

  async stop(): Promise<void> {
    this.down = true;
    this.waiting.clear();
    await this.worker.terminate();
  }
}

export interface EtabLinesOptions {
  setup: EtabParseSetup;
  /** The file's counts and rejected rows, kept up to date as blocks come back. */
  state: EtabParseState;
  /** The header's fields → positions of the columns to read (throws to refuse the file). */
  pick: (header: string[]) => number[];
  /** Checks the file once read (empty, truncated). */
  end: () => Error | undefined;
  /** Parse threads besides this one (0: every block is parsed here). */
  threads: number;
  /** Bytes per block: 64 KB keeps what a block makes (its lines, the strings of the records read as text) in V8's young generation (see CHUNK_BYTES). */
  blockBytes?: number;
}

type Outcome = { block: EtabBlock } | { error: Error };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * StockEtablissement bytes → COPY lines, parsed in blocks by this thread and by parse threads at
 * once, written in file order. The header is read here; the rest is cut into blocks of whole
 * records, each given to a parse thread that has room or else parsed here at once — so that this
 * thread, which also reads the file and feeds PostgreSQL, parses what the others leave. Results
 * are merged and written in the order of the blocks, so the lines, the counts and the rejected
 * rows (numbered in the file) are exactly those of a parse in one thread.
 */
export class EtabLines extends Transform {
  private readonly blockBytes: number;
  private readonly local: EtabBlockParser;
  private readonly threads: ParseThread[];
  private header: EtabHeader | null = null;
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** Held bytes from which a cut is tried again (a quoted field longer than a block holds no record end). */
  private nextTry: number;
  private readonly queue: Promise<Outcome>[] = [];
  private readonly maxQueued: number;
  /** Blocks handed out so far. */
  private blocks = 0;
  /** Blocks parsed in this thread. */
  parsedHere = 0;
  /** Records read on the byte path (the others, as text). */
  readAsBytes = 0;

  constructor(private readonly options: EtabLinesOptions) {
    super({ readableHighWaterMark: 2 * (options.blockBytes ?? 1 << 16) });
    this.blockBytes = options.blockBytes ?? 1 << 16;
    this.nextTry = this.blockBytes;
    this.local = new EtabBlockParser(options.setup);
    const fallback: Parse = (bytes, header, final, block) => this.local.parse(bytes, header, final, block);
    this.threads = Array.from({ length: options.threads }, () => new ParseThread(options.setup, fallback));
    this.maxQueued = (options.threads + 1) * 4;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes < this.nextTry) return done();
    try {
      this.cut(false);
    } catch (e) {
      return done(e as Error);
    }
    this.drain(this.maxQueued).then(() => done(), done);
  }

  override _flush(done: TransformCallback): void {
    try {
      this.cut(true);
    } catch (e) {
      return done(e as Error);
    }
    this.drain(0).then(
      // The threads stop in _destroy, which follows the end.
      () => done(this.options.end()),
      (e: Error) => done(e),
    );
  }

  override _destroy(error: Error | null, done: (error: Error | null) => void): void {
    this.stopThreads().then(() => done(error), () => done(error));
  }

  /** Blocks parsed by the parse threads. */
  get parsedByThreads(): number {
    return this.threads.reduce((n, t) => n + t.parsed, 0);
  }

  private async stopThreads(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.stop()));
  }

  /** Reads the header if not yet done, then hands out the held bytes that make whole records (all of them when `final`). */
  private cut(final: boolean): void {
    let buf = this.held.length === 1 ? this.held[0] : Buffer.concat(this.held);
    if (!this.header) {
      const rest = this.readHeader(buf, final);
      if (rest === null) {
        this.nextTry = Math.max(this.blockBytes, buf.length * 2);
        return;
      }
      buf = rest;
      // A file of blank lines only: no header, nothing to parse (`end` says so).
      if (!this.header) {
        this.held = [];
        this.heldBytes = 0;
        return;
      }
    }
    const at = final ? buf.length : recordCut(buf);
    if (at > 0) {
      this.dispatch(buf.subarray(0, at), final);
      buf = buf.subarray(at);
    }
    this.held = buf.length ? [buf] : [];
    this.heldBytes = buf.length;
    // No record ends in the bytes held: try again once there are twice as many (not on every chunk).
    this.nextTry = at > 0 ? this.blockBytes : Math.max(this.blockBytes, buf.length * 2);
  }

  /**
   * The header record (after a UTF-8 byte order mark and blank lines): its fields go to `pick`;
   * returns the bytes after it, or null when it is not all there yet.
   */
  private readHeader(buf: Buffer, final: boolean): Buffer | null {
    let start = UTF8_BOM.every((b, i) => buf[i] === b) ? 3 : 0;
    if (start === 0 && !final && buf.length < 3 && UTF8_BOM.slice(0, buf.length).every((b, i) => buf[i] === b)) return null;
    for (;;) {
      let end = -1;
      let quoted = false;
      for (let i = start; i < buf.length; i += 1) {
        const c = buf[i];
        if (c === 0x22) quoted = !quoted;
        else if (c === 0x0a && !quoted) {
          end = i;
          break;
        }
      }
      if (end === -1 && !final) return null;
      const stop = end === -1 ? buf.length : end;
      let line = byteText(buf.subarray(start, stop));
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line !== '') {
        const fields = headerFields(line, ',');
        const indexes = this.options.pick(fields);
        this.header = { indexes, width: fields.length };
        this.options.state.width = fields.length;
        return buf.subarray(Math.min(buf.length, stop + 1));
      }
      if (end === -1) return buf.subarray(buf.length);
      start = end + 1;
    }
  }

  /** A block to the first parse thread with room, or parsed here now. */
  private dispatch(bytes: Buffer, final: boolean): void {
    const header = this.header as EtabHeader;
    const block = this.blocks;
    this.blocks += 1;
    const thread = this.threads.find((t) => t.free);
    if (thread) {
      this.queue.push(thread.parse(bytes, header, final, block).then((block) => ({ block }), (error: Error) => ({ error })));
      return;
    }
    let outcome: Outcome;
    this.parsedHere += 1;
    try {
      outcome = { block: this.local.parse(bytes, header, final, block) };
    } catch (error) {
      outcome = { error: error as Error };
    }
    this.queue.push(Promise.resolve(outcome));
  }

  /** Writes out the results at the head of the queue, in order, until at most `limit` are left. */
  private async drain(limit: number): Promise<void> {
    while (this.queue.length > limit) {
      const outcome = await (this.queue.shift() as Promise<Outcome>);
      if ('error' in outcome) throw outcome.error;
      mergeBlock(this.options.state, outcome.block);
      this.readAsBytes += outcome.block.fromBytes;
      const bytes = outcome.block.bytes;
      if (bytes) this.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    }
  }
}
