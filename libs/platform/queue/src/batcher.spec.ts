import { Batcher } from './batcher';

describe('Batcher', () => {
  it('coalesces calls of one event-loop turn into one flush, each caller getting its own result', async () => {
    const flushes: number[][] = [];
    const b = new Batcher<number, number>((xs) => {
      flushes.push(xs);
      return Promise.resolve(xs.map((x) => x * 10));
    });
    const results = await Promise.all([1, 2, 3].map((x) => b.run(x)));
    expect(results).toEqual([10, 20, 30]);
    expect(flushes).toEqual([[1, 2, 3]]);
    expect(await b.run(4)).toBe(40);
    expect(flushes).toHaveLength(2);
  });

  it('writes one batch at a time: calls made while a batch is in flight go out together in the next', async () => {
    const flushes: number[][] = [];
    let release: () => void = () => undefined;
    const b = new Batcher<number, number>((xs) => {
      flushes.push(xs);
      return flushes.length === 1 ? new Promise((resolve) => (release = () => resolve(xs))) : Promise.resolve(xs);
    });
    const first = b.run(1);
    await new Promise((r) => setImmediate(r));
    expect(flushes).toEqual([[1]]);
    const later = [b.run(2), b.run(3)];
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(flushes).toEqual([[1]]); // still in flight: nothing else sent
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3]);
    expect(flushes).toEqual([[1], [2, 3]]);
  });

  it('takes back a call whose batch has not been sent, not one already sent', async () => {
    const flushes: number[][] = [];
    const b = new Batcher<number, number>((xs) => {
      flushes.push(xs);
      return Promise.resolve(xs);
    });
    const kept = b.enqueue(1);
    const taken = b.enqueue(2);
    expect(taken.withdraw()).toBe(true);
    expect(await kept.result).toBe(1);
    expect(kept.withdraw()).toBe(false);
    expect(flushes).toEqual([[1]]);
  });

  it('splits at the maximum batch size and rejects every caller of a failed batch', async () => {
    const sizes: number[] = [];
    const ok = new Batcher<number, number>((xs) => {
      sizes.push(xs.length);
      return Promise.resolve(xs);
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((x) => ok.run(x)));
    expect(sizes).toEqual([2, 2, 1]);
    const failing = new Batcher<number, number>(() => Promise.reject(new Error('db down')));
    const outcomes = await Promise.allSettled([failing.run(1), failing.run(2)]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
  });
});
