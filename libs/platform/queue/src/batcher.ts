/**
 * Coalesces calls into batch calls, one batch in flight at a time: the calls of one event-loop
 * turn go out together, and the calls made while a batch is being written go out together in
 * the next one (group commit). Many jobs starting or finishing at once then cost one SQL
 * statement instead of one each, and the busier the worker, the larger the batches. Each caller
 * still gets its own result (or the batch's error), only after its batch is written.
 */
export class Batcher<I, O> {
  private pending: { input: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  /** A drain is scheduled or running. */
  private busy = false;

  constructor(
    private readonly flush: (inputs: I[]) => Promise<O[]>,
    private readonly maxBatch = 500,
  ) {}

  run(input: I): Promise<O> {
    return this.enqueue(input).result;
  }

  /**
   * Like run(), and `withdraw()` takes the call back while its batch has not been sent yet
   * (true: it never will be, and `result` never settles; false: too late, await `result`).
   */
  enqueue(input: I): { result: Promise<O>; withdraw: () => boolean } {
    let entry!: { input: I; resolve: (o: O) => void; reject: (e: unknown) => void };
    const result = new Promise<O>((resolve, reject) => {
      entry = { input, resolve, reject };
    });
    this.pending.push(entry);
    if (!this.busy) {
      this.busy = true;
      setImmediate(() => void this.drain());
    }
    return {
      result,
      withdraw: () => {
        const i = this.pending.indexOf(entry);
        if (i < 0) return false;
        this.pending.splice(i, 1);
        return true;
      },
    };
  }

  private async drain(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const outputs = await this.flush(batch.map((b) => b.input));
        batch.forEach((b, i) => b.resolve(outputs[i]));
      } catch (e) {
        batch.forEach((b) => b.reject(e));
      }
    }
    this.busy = false;
  }
}
