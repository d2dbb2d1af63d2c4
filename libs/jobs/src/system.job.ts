import { Injectable } from '@nestjs/common';
import { JobContext, JobHandler, JobResult } from '@filiere/platform/queue';

@Injectable()
export class SystemJobs {
  /** Does nothing but succeed: pipeline checks and the jobs benchmark. */
  @JobHandler('system.noop')
  noop(ctx: JobContext<'system.noop'>): Promise<JobResult> {
    return Promise.resolve(ctx.payload.marker ? { marker: ctx.payload.marker } : undefined);
  }
}
