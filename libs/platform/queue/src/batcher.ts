/**
 * Coalesces calls made in the same event-loop turn into one batch call: many jobs finishing at
 * once cost one SQL statement instead of one each. Each caller still gets its own result (or
 * the batch's error), only after the batch is written.
 */
export class Batcher<I, O> {
  private pending: { input: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly flush: (inputs: I[]) => Promise<O[]>,
    private readonly maxBatch = 500,
  ) {}

  run(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    while (this.pending.length) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const outputs = await this.flush(batch.map((b) => b.input));
        batch.forEach((b, i) => b.resolve(outputs[i]));
      } catch (e) {
        batch.forEach((b) => b.reject(e));
      }
    }
  }
}
