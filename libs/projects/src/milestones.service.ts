import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TenantActor } from '@filiere/platform/auth';
import { AuditService } from '@filiere/platform/audit';
import { DomainError, notFound } from '@filiere/platform/errors';
import { Page } from '@filiere/platform/http';
import { AccessService } from '@filiere/access';
import { todayInParis } from '@filiere/programmes';
import { Milestone } from './milestone.entity';
import { MilestoneView, UpdateMilestoneDto } from './projects.dto';
import { milestoneView } from './views';

@Injectable()
export class MilestonesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** A project's milestones in retro-planning order (a project has at most 100: one page). */
  async list(actor: TenantActor, projectId: string): Promise<Page<MilestoneView>> {
    await this.access.requireProject(actor, projectId);
    const rows = await this.dataSource.getRepository(Milestone).find({ where: { tenantId: actor.tenantId, projectId }, order: { position: 'ASC', dueDate: 'ASC' } });
    const today = todayInParis();
    return { items: rows.map((m) => milestoneView(m, today)), nextCursor: null };
  }

  async update(actor: TenantActor, id: string, dto: UpdateMilestoneDto): Promise<MilestoneView> {
    if (dto.dueDate !== undefined && actor.role !== 'admin' && actor.role !== 'advisor') {
      throw new DomainError(403, 'FORBIDDEN_FIELD', 'Only admins and advisors move a due date');
    }
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Milestone);
      const milestone = await repo.findOne({ where: { id, tenantId: actor.tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!milestone) throw notFound('Milestone');
      await this.access.requireProject(actor, milestone.projectId, manager).catch(() => {
        throw notFound('Milestone');
      });
      const before = milestoneView(milestone);
      if (dto.status !== undefined && dto.status !== milestone.status) {
        milestone.status = dto.status;
        milestone.completedAt = dto.status === 'done' ? new Date() : null;
      }
      if (dto.note !== undefined) milestone.note = dto.note;
      if (dto.evidenceUrl !== undefined) milestone.evidenceUrl = dto.evidenceUrl;
      if (dto.dueDate !== undefined) {
        if (dto.dueDate < milestone.startDate) {
          throw new DomainError(422, 'INVALID_DATE_RANGE', `dueDate must not be before the milestone start (${milestone.startDate})`, [{ field: 'dueDate', message: `before the start date ${milestone.startDate}` }]);
        }
        milestone.dueDate = dto.dueDate;
      }
      const saved = await repo.save(milestone);
      const after = milestoneView(saved);
      await this.audit.record(manager, actor, { action: 'milestone.update', entity: 'milestone', entityId: id, before, after });
      return after;
    });
  }
}
