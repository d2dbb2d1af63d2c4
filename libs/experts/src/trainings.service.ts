import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { TenantActor } from '@filiere/platform/auth';
import { AuditService } from '@filiere/platform/audit';
import { DomainError, forbidden, notFound, validationFailed } from '@filiere/platform/errors';
import { Page, paginate } from '@filiere/platform/http';
import { AccessService } from '@filiere/access';
import { NotificationsService } from '@filiere/notifications';
import { isStaff } from './expert-rules';
import { Training, TrainingRegistration } from './experts.entities';
import { AttendanceDto, CreateTrainingDto, InviteProjectsDto, RegisterDto, RegistrationView, TrainingsQuery, TrainingView } from './programme-activities.dto';


/**
 * Group trainings for several projects of a cohort: invitations per project, registrations per
 * participant within the training's capacity (the training row is locked while a seat is taken),
 * attendance taken afterwards.
 */
@Injectable()
export class TrainingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Staff see the cohort's trainings; holders and coaches those their projects are invited to. */
  async list(actor: TenantActor, cohortId: string, query: TrainingsQuery): Promise<Page<TrainingView>> {
    await this.access.requireCohort(actor, cohortId);
    const qb = this.dataSource.getRepository(Training).createQueryBuilder('t').where('t.tenantId = :tenantId AND t.cohortId = :cohortId', { tenantId: actor.tenantId, cohortId });
    this.restrictToInvited(actor, qb);
    const page = await paginate(qb, 't', query);
    const items = await Promise.all(page.items.map((t) => this.view(this.dataSource.manager, actor, t)));
    return { items, nextCursor: page.nextCursor };
  }

  async get(actor: TenantActor, id: string): Promise<TrainingView> {
    const training = await this.require(this.dataSource.manager, actor, id);
    return this.view(this.dataSource.manager, actor, training);
  }

  async create(actor: TenantActor, cohortId: string, dto: CreateTrainingDto): Promise<TrainingView> {
    return this.dataSource.transaction(async (manager) => {
      const [cohort] = await manager.query<{ status: string }[]>('SELECT status FROM cohorts WHERE id = $1 AND tenant_id = $2', [cohortId, actor.tenantId]);
      if (!cohort) throw notFound('Cohort');
      if (cohort.status === 'closed') throw new DomainError(409, 'COHORT_CLOSED', 'This cohort is closed');
      if (dto.trainerUserId) {
        const [m] = await manager.query<unknown[]>('SELECT 1 FROM memberships WHERE tenant_id = $1 AND user_id = $2', [actor.tenantId, dto.trainerUserId]);
        if (!m) throw validationFailed([{ field: 'trainerUserId', message: 'not a user of this tenant' }]);
      }
      const training = await manager.getRepository(Training).save({
        tenantId: actor.tenantId,
        cohortId,
        topic: dto.topic,
        trainerName: dto.trainerName,
        trainerUserId: dto.trainerUserId?.toLowerCase() ?? null,
        startsAt: new Date(dto.startsAt),
        durationMinutes: dto.durationMinutes,
        mode: dto.mode,
        location: dto.location,
        capacity: dto.capacity,
      });
      const invited = await this.addInvitations(manager, actor, training, dto.projectIds ?? [], 'projectIds');
      await this.notifyInvited(manager, training, invited);
      const view = await this.view(manager, actor, training);
      await this.audit.record(manager, actor, { action: 'training.create', entity: 'training', entityId: training.id, after: { ...view, registrations: undefined } });
      return view;
    });
  }

  async invite(actor: TenantActor, id: string, dto: InviteProjectsDto): Promise<TrainingView> {
    return this.dataSource.transaction(async (manager) => {
      const training = await this.require(manager, actor, id, true);
      const added = await this.addInvitations(manager, actor, training, dto.projectIds, 'projectIds');
      await this.notifyInvited(manager, training, added);
      await this.audit.record(manager, actor, { action: 'training.invite', entity: 'training', entityId: id, changes: { invitedProjects: { from: null, to: added } } });
      return this.view(manager, actor, training);
    });
  }

  /**
   * Takes a seat for a participant of an invited project. The training row is locked for the
   * count and the insert, so concurrent registrations never exceed the capacity.
   */
  async register(actor: TenantActor, id: string, dto: RegisterDto): Promise<RegistrationView> {
    return this.dataSource.transaction(async (manager) => {
      const training = await this.require(manager, actor, id, true);
      const projectId = dto.projectId.toLowerCase();
      await this.access.requireProject(actor, projectId, manager);
      const [invited] = await manager.query<unknown[]>('SELECT 1 FROM training_invitations WHERE tenant_id = $1 AND training_id = $2 AND project_id = $3', [actor.tenantId, id, projectId]);
      if (!invited) throw new DomainError(422, 'PROJECT_NOT_INVITED', 'This project is not invited to the training', [{ field: 'projectId', message: 'not invited' }]);
      if (training.startsAt.getTime() <= Date.now()) throw new DomainError(409, 'TRAINING_STARTED', 'Registrations close when the training starts');
      if (dto.userId && !isStaff(actor) && dto.userId.toLowerCase() !== actor.userId) throw forbidden('You may only register yourself or a participant without login');
      let userId: string | null = dto.name && !dto.userId ? null : (dto.userId?.toLowerCase() ?? actor.userId);
      let name = dto.name ?? '';
      if (userId) {
        const [user] = await manager.query<{ name: string }[]>('SELECT u.name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = $1 AND m.user_id = $2', [actor.tenantId, userId]);
        if (!user) throw validationFailed([{ field: 'userId', message: 'not a user of this tenant' }]);
        name = dto.name ?? user.name;
      } else {
        userId = null;
      }
      const [{ taken } = { taken: 0 }] = await manager.query<{ taken: number }[]>('SELECT count(*)::int AS taken FROM training_registrations WHERE tenant_id = $1 AND training_id = $2', [actor.tenantId, id]);
      if (userId && (await manager.getRepository(TrainingRegistration).existsBy({ tenantId: actor.tenantId, trainingId: id, userId }))) {
        throw new DomainError(409, 'ALREADY_REGISTERED', 'This person is already registered');
      }
      if (taken >= training.capacity) throw new DomainError(409, 'TRAINING_FULL', `The training is full (${training.capacity} seats)`);
      const saved = await manager.getRepository(TrainingRegistration).save({
        tenantId: actor.tenantId,
        trainingId: id,
        projectId,
        userId,
        name,
        registeredByUserId: actor.userId,
        attended: null,
        attendanceRecordedAt: null,
      });
      const view = registrationView(saved);
      await this.audit.record(manager, actor, { action: 'training.register', entity: 'training_registration', entityId: saved.id, after: { ...view, trainingId: id } });
      return view;
    });
  }

  /** Frees a seat: staff, the participant, or whoever registered them. */
  async unregister(actor: TenantActor, id: string, registrationId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.require(manager, actor, id, true);
      const repo = manager.getRepository(TrainingRegistration);
      const reg = await repo.findOneBy({ id: registrationId, tenantId: actor.tenantId, trainingId: id });
      if (!reg) throw notFound('Registration');
      if (!isStaff(actor)) {
        await this.access.requireProject(actor, reg.projectId, manager).catch(() => {
          throw notFound('Registration');
        });
        if (reg.userId !== actor.userId && reg.registeredByUserId !== actor.userId) throw forbidden('You may only cancel your own registrations');
      }
      if (reg.attended !== null) throw new DomainError(409, 'ATTENDANCE_RECORDED', 'Attendance is recorded for this registration');
      await repo.delete({ id: reg.id });
      await this.audit.record(manager, actor, { action: 'training.unregister', entity: 'training_registration', entityId: reg.id, before: { ...registrationView(reg), trainingId: id } });
    });
  }

  async attendance(actor: TenantActor, id: string, dto: AttendanceDto): Promise<TrainingView> {
    return this.dataSource.transaction(async (manager) => {
      const training = await this.require(manager, actor, id, true);
      if (training.startsAt.getTime() > Date.now()) throw new DomainError(409, 'TRAINING_NOT_STARTED', 'Attendance is taken once the training has started');
      const repo = manager.getRepository(TrainingRegistration);
      const regs = await repo.findBy({ tenantId: actor.tenantId, trainingId: id });
      const byId = new Map(regs.map((r) => [r.id, r]));
      const errors = dto.items.flatMap((item, i) => (byId.has(item.registrationId.toLowerCase()) ? [] : [{ field: `items.${i}.registrationId`, message: 'not a registration of this training' }]));
      if (errors.length) throw validationFailed(errors);
      const now = new Date();
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const item of dto.items) {
        const reg = byId.get(item.registrationId.toLowerCase());
        if (!reg || reg.attended === item.attended) continue;
        changes[reg.id] = { from: reg.attended, to: item.attended };
        reg.attended = item.attended;
        reg.attendanceRecordedAt = now;
        await repo.save(reg);
      }
      await this.audit.record(manager, actor, { action: 'training.attendance', entity: 'training', entityId: id, changes });
      return this.view(manager, actor, training);
    });
  }

  /** The training if the actor may see it (staff; holders and coaches of an invited project), else 404. */
  private async require(manager: EntityManager, actor: TenantActor, id: string, lock = false): Promise<Training> {
    const qb = manager.getRepository(Training).createQueryBuilder('t').where('t.id = :id AND t.tenantId = :tenantId', { id, tenantId: actor.tenantId });
    this.restrictToInvited(actor, qb);
    if (lock) qb.setLock('pessimistic_write', undefined, ['t']);
    const training = await qb.getOne();
    if (!training) throw notFound('Training');
    return training;
  }

  /** Holders and coaches: only trainings one of their projects is invited to (alias t). */
  private restrictToInvited(actor: TenantActor, qb: SelectQueryBuilder<Training>): void {
    if (isStaff(actor)) return;
    const scope = this.access.projectScope(actor, 'tp');
    qb.andWhere(`EXISTS (SELECT 1 FROM training_invitations ti JOIN projects tp ON tp.id = ti.project_id WHERE ti.tenant_id = t.tenant_id AND ti.training_id = t.id AND ${scope.sql})`, scope.params);
  }

  private async addInvitations(manager: EntityManager, actor: TenantActor, training: Training, projectIds: string[], field: string): Promise<string[]> {
    if (!projectIds.length) return [];
    const ids = projectIds.map((p) => p.toLowerCase());
    const rows = await manager.query<{ id: string }[]>('SELECT id FROM projects WHERE tenant_id = $1 AND cohort_id = $2 AND id = ANY($3::uuid[])', [actor.tenantId, training.cohortId, ids]);
    const inCohort = new Set(rows.map((r) => r.id));
    const errors = ids.flatMap((p, i) => (inCohort.has(p) ? [] : [{ field: `${field}.${i}`, message: 'not a project of this cohort' }]));
    if (errors.length) throw new DomainError(422, 'INVALID_PARTICIPANTS', `Some projects cannot be invited — ${errors[0]?.field}: ${errors[0]?.message}`, errors);
    const inserted = await manager.query<{ project_id: string }[]>(
      `INSERT INTO training_invitations (tenant_id, training_id, project_id) SELECT $1, $2, p FROM unnest($3::uuid[]) AS p
       ON CONFLICT (tenant_id, training_id, project_id) DO NOTHING RETURNING project_id`,
      [actor.tenantId, training.id, ids],
    );
    return inserted.map((r) => r.project_id);
  }

  /** Tells the holders and coaches of newly invited projects, once per person, project and training. */
  private async notifyInvited(manager: EntityManager, training: Training, projectIds: string[]): Promise<void> {
    if (!projectIds.length) return;
    const people = await manager.query<{ user_id: string; project_id: string; title: string }[]>(
      `SELECT pm.user_id, pm.project_id, p.title FROM project_members pm JOIN projects p ON p.id = pm.project_id
       WHERE pm.tenant_id = $1 AND pm.project_id = ANY($2::uuid[]) ORDER BY pm.project_id, pm.user_id`,
      [training.tenantId, projectIds],
    );
    const { date, time } = parisDateTime(training.startsAt);
    for (const p of people) {
      await this.notifications.notify(manager, {
        tenantId: training.tenantId,
        userId: p.user_id,
        dedupKey: `training_invitation:${training.id}:${p.project_id}:${p.user_id}`,
        data: { type: 'training_invitation', topic: training.topic, projectTitle: p.title, date, time, place: training.location, online: training.mode === 'online', link: this.notifications.link(`/trainings/${training.id}`) },
      });
    }
  }

  private async view(manager: EntityManager, actor: TenantActor, t: Training): Promise<TrainingView> {
    const projects = await manager.query<{ project_id: string; title: string }[]>(
      'SELECT ti.project_id, p.title FROM training_invitations ti JOIN projects p ON p.id = ti.project_id WHERE ti.tenant_id = $1 AND ti.training_id = $2 ORDER BY p.title, p.id',
      [t.tenantId, t.id],
    );
    const regs = await manager.getRepository(TrainingRegistration).find({ where: { tenantId: t.tenantId, trainingId: t.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    let visible = regs;
    if (!isStaff(actor)) {
      const scope = this.access.projectScope(actor, 'p');
      const mine = await manager
        .createQueryBuilder()
        .select('p.id', 'id')
        .from('projects', 'p')
        .where('p.id IN (:...ids)', { ids: projects.length ? projects.map((p) => p.project_id) : ['00000000-0000-0000-0000-000000000000'] })
        .andWhere(scope.sql, scope.params)
        .getRawMany<{ id: string }>();
      const own = new Set(mine.map((m) => m.id));
      visible = regs.filter((r) => own.has(r.projectId));
    }
    return {
      id: t.id,
      cohortId: t.cohortId,
      topic: t.topic,
      trainerName: t.trainerName,
      trainerUserId: t.trainerUserId,
      startsAt: t.startsAt.toISOString(),
      durationMinutes: t.durationMinutes,
      mode: t.mode,
      location: t.location,
      capacity: t.capacity,
      seatsTaken: regs.length,
      seatsLeft: Math.max(0, t.capacity - regs.length),
      projects: projects.map((p) => ({ projectId: p.project_id, title: p.title })),
      registrations: visible.map(registrationView),
      createdAt: t.createdAt.toISOString(),
    };
  }
}

/** The day (YYYY-MM-DD) and time ("09 h 30") of an instant in Europe/Paris. */
export function parisDateTime(at: Date): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts['year']}-${parts['month']}-${parts['day']}`, time: `${parts['hour']} h ${parts['minute']}` };
}

function registrationView(r: TrainingRegistration): RegistrationView {
  return { id: r.id, projectId: r.projectId, userId: r.userId, name: r.name, attended: r.attended, createdAt: r.createdAt.toISOString() };
}
