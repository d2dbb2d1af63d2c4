import { SetMetadata } from '@nestjs/common';
import type { JobName, JobPayloads } from './jobs';

export const JOB_HANDLER = 'filiere:job-handler';

/** Marks a provider method as the handler of a job. Exactly one per job name, or the worker will not start. */
export const JobHandler = (name: JobName): MethodDecorator => SetMetadata(JOB_HANDLER, name);

export interface JobContext<N extends JobName = JobName> {
  runId: string;
  name: N;
  payload: JobPayloads[N];
  tenantId: string | null;
  /** 1 for the first run, 2 for the first retry… */
  attempt: number;
  /** Reports progress 0-100 on the run record (and in BullMQ). */
  progress(percent: number): Promise<void>;
}

export type JobResult = Record<string, unknown> | undefined;
