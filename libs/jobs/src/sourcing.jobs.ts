import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { JobContext, JobHandler, JobResult, JOBS } from '@filiere/platform/queue';
import { SourcingMatcher, SupplierImportRunner } from '@filiere/sourcing';

/** Supplier directory imports and sourcing requests. */
@Injectable()
export class SourcingJobs {
  constructor(
    private readonly imports: SupplierImportRunner,
    private readonly matcher: SourcingMatcher,
  ) {}

  @JobHandler('suppliers.import')
  async importSuppliers(ctx: JobContext<'suppliers.import'>): Promise<JobResult> {
    try {
      const outcome = await this.imports.run(ctx.payload.importId, (p) => ctx.progress(p));
      if (outcome.status === 'failed' && outcome.permanent) throw new UnrecoverableError(outcome.error ?? 'import failed');
      await ctx.progress(100);
      return { status: outcome.status, ...(outcome.counters ? { rowsRead: outcome.counters.rowsRead, rowsKept: outcome.counters.rowsKept, rowsRejected: outcome.counters.rowsRejected } : {}) };
    } catch (e) {
      if (!(e instanceof UnrecoverableError) && ctx.attempt >= JOBS['suppliers.import'].attempts) {
        await this.imports.failById(ctx.payload.importId, (e as Error).message);
      }
      throw e;
    }
  }

  @JobHandler('sourcing.match')
  async match(ctx: JobContext<'sourcing.match'>): Promise<JobResult> {
    try {
      const result = await this.matcher.run(ctx.payload.requestId, (p) => ctx.progress(p));
      await ctx.progress(100);
      return result;
    } catch (e) {
      if (ctx.attempt >= JOBS['sourcing.match'].attempts) await this.matcher.fail(ctx.payload.requestId, (e as Error).message);
      throw e;
    }
  }
}
