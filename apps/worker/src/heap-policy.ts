import { setFlagsFromString } from 'node:v8';

/**
 * How much V8 lets the old generation grow past what survived the last full collection before
 * it collects again, in percent. V8's default (a factor of up to 4 for a fast-allocating process)
 * lets a long SIRENE import pile up promoted garbage — stream chunks in flight that outlived two
 * scavenges — on top of the ~70 MB of reference data: peak RSS 292 MB for 1 M rows but 340 MB for
 * 5 M. At 50 % it collects sooner, and the peak no longer depends on the file's size (bench/sourcing:
 * 270 MB at 1 M and 5 M rows). 20 % kept the peak lower still (221 MB) but, once the parse got
 * faster, ran a full collection every ~14 MB allocated: the import process took 14.5 s of CPU for
 * 1 M rows instead of 8.3 s.
 */
export const WORKER_HEAP_GROWING_PERCENT = 50;

/** Applied first thing in the worker process (and by the import benchmark, which runs the import as the worker does). */
export function applyWorkerHeapPolicy(): void {
  setFlagsFromString(`--heap-growing-percent=${WORKER_HEAP_GROWING_PERCENT}`);
}
