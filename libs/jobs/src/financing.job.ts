import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MatchingService } from '@filiere/financing';
import { todayInParis } from '@filiere/programmes';
import { JobContext, JobHandler, JobResult } from '@filiere/platform/queue';

/** How many times a project is re-matched in one run when it keeps changing meanwhile. */
const MAX_PASSES = 3;

/** Financing matches: per project (debounced by the outbox dedup key), per scheme change (fan-out), nightly. */
@Injectable()
export class FinancingJobs {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly matching: MatchingService,
  ) {}

  /**
   * Requests made while a run is waiting coalesce into it; one made while it runs is not lost
   * either: the run starts again when the project or its profile changed after it read them.
   */
  @JobHandler('financing.match-project')
  async matchProject(ctx: JobContext<'financing.match-project'>): Promise<JobResult> {
    let result = await this.matching.rematchProjects([ctx.payload.projectId]);
    for (let pass = 1; pass < MAX_PASSES; pass++) {
      const [changed] = await this.dataSource.query<{ changed: boolean }[]>(
        `SELECT (p.updated_at > f.matches_computed_at OR f.updated_at > f.matches_computed_at) AS changed
         FROM projects p JOIN project_financing_profiles f ON f.project_id = p.id AND f.tenant_id = p.tenant_id WHERE p.id = $1`,
        [ctx.payload.projectId],
      );
      if (!changed?.changed) break;
      result = await this.matching.rematchProjects([ctx.payload.projectId]);
    }
    await ctx.progress(100);
    return { ...result };
  }

  /** A scheme changed: the projects it may concern (across tenants for a national scheme) are re-matched. */
  @JobHandler('financing.scheme-changed')
  async schemeChanged(ctx: JobContext<'financing.scheme-changed'>): Promise<JobResult> {
    const projectIds = await this.matching.affectedProjects(ctx.payload.schemeId);
    const result = await this.matching.rematchProjects(projectIds);
    await ctx.progress(100);
    return { ...result, projectIds: projectIds.length <= 50 ? projectIds : undefined };
  }

  /** Nightly: statuses follow the dates, then every project is re-matched (dates move eligibility). */
  @JobHandler('financing.nightly')
  async nightly(ctx: JobContext<'financing.nightly'>): Promise<JobResult> {
    const today = ctx.payload.date ?? todayInParis();
    const statusChanged = await this.matching.refreshStatuses(today);
    const result = await this.matching.rematchAll(today, (done, total) => ctx.progress(Math.min(99, Math.floor((100 * done) / Math.max(total, 1)))));
    await ctx.progress(100);
    return { date: today, statusChanged: statusChanged.length, ...result };
  }
}
