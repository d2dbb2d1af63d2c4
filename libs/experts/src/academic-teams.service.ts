import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TenantActor } from '@filiere/platform/auth';
import { AuditService } from '@filiere/platform/audit';
import { DomainError, FieldError, forbidden, notFound, validationFailed } from '@filiere/platform/errors';
import { Page, paginate } from '@filiere/platform/http';
import { AccessService } from '@filiere/access';
import { NotificationsService } from '@filiere/notifications';
import { isStaff } from './expert-rules';
import { todayInParis } from '@filiere/programmes';
import { AcademicDocument, AcademicTeam, AcademicTeamMember, DeliverableStatus, ExpertOrganisation } from './experts.entities';
import { AcademicMemberDto, AcademicMemberView, AcademicTeamsQuery, AcademicTeamView, CreateAcademicTeamDto, UpdateAcademicTeamDto } from './programme-activities.dto';


/** A file as multer hands it over (memory storage). */
export interface UploadedDocument {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** Deliverable files: PDF, office documents, spreadsheets, presentations. */
export const DOCUMENT_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
};
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Multipart file names arrive decoded as Latin-1: re-read them as the UTF-8 browsers send. */
export function utf8Name(name: string): string {
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? name : decoded;
}

/** Legal status moves of a deliverable. */
export const DELIVERABLE_TRANSITIONS: Record<DeliverableStatus, DeliverableStatus[]> = {
  planned: ['in_progress', 'submitted'],
  in_progress: ['submitted'],
  submitted: ['in_progress', 'assessed'],
  assessed: [],
};

/**
 * School teams (teacher-researcher and students) working on a project for a deliverable. Members
 * with a login are coach users assigned to that project only, so they see nothing else.
 */
@Injectable()
export class AcademicTeamsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  async list(actor: TenantActor, projectId: string, query: AcademicTeamsQuery): Promise<Page<AcademicTeamView>> {
    await this.access.requireProject(actor, projectId);
    const qb = this.dataSource.getRepository(AcademicTeam).createQueryBuilder('t').where('t.tenantId = :tenantId AND t.projectId = :projectId', { tenantId: actor.tenantId, projectId });
    const page = await paginate(qb, 't', query);
    const items = await Promise.all(page.items.map((t) => this.view(this.dataSource.manager, t)));
    return { items, nextCursor: page.nextCursor };
  }

  async get(actor: TenantActor, id: string): Promise<AcademicTeamView> {
    const team = await this.require(this.dataSource.manager, actor, id);
    return this.view(this.dataSource.manager, team);
  }

  async create(actor: TenantActor, projectId: string, dto: CreateAcademicTeamDto): Promise<AcademicTeamView> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.requireProject(actor, projectId, manager);
      if (dto.schoolOrganisationId) await this.requireSchool(manager, actor.tenantId, dto.schoolOrganisationId);
      const members = await this.checkMembers(manager, actor.tenantId, dto.members ?? [], 'members');
      const team = await manager.getRepository(AcademicTeam).save({
        tenantId: actor.tenantId,
        projectId,
        schoolOrganisationId: dto.schoolOrganisationId?.toLowerCase() ?? null,
        title: dto.title,
        dueDate: dto.dueDate,
        status: 'planned',
        documentUrl: null,
        submittedAt: null,
        assessment: null,
        grade: null,
        assessedAt: null,
      });
      for (const m of members) await this.insertMember(manager, actor, team, m);
      const view = await this.view(manager, team);
      await this.audit.record(manager, actor, { action: 'academic_team.create', entity: 'academic_team', entityId: team.id, after: view });
      return view;
    });
  }

  async addMember(actor: TenantActor, id: string, dto: AcademicMemberDto): Promise<AcademicTeamView> {
    return this.dataSource.transaction(async (manager) => {
      const team = await this.require(manager, actor, id, true);
      const [member] = await this.checkMembers(manager, actor.tenantId, [dto], '');
      if (!member) throw validationFailed([{ field: 'userId', message: 'invalid member' }]);
      if (member.userId && (await manager.getRepository(AcademicTeamMember).existsBy({ tenantId: actor.tenantId, teamId: id, userId: member.userId }))) {
        throw new DomainError(409, 'ALREADY_MEMBER', 'This person is already a member of the team');
      }
      await this.insertMember(manager, actor, team, member);
      await this.audit.record(manager, actor, { action: 'academic_team.member.add', entity: 'academic_team', entityId: id, changes: { member: { from: null, to: member } } });
      return this.view(manager, team);
    });
  }

  /**
   * Staff change anything; a coach who is a member of the team submits (document link, status),
   * and only its teacher assesses. Status moves follow DELIVERABLE_TRANSITIONS.
   */
  async update(actor: TenantActor, id: string, dto: UpdateAcademicTeamDto): Promise<AcademicTeamView> {
    return this.dataSource.transaction(async (manager) => {
      const team = await this.require(manager, actor, id, true);
      let teacher = isStaff(actor);
      if (!isStaff(actor)) {
        const [member] = await manager.query<{ role: string }[]>('SELECT role FROM academic_team_members WHERE tenant_id = $1 AND team_id = $2 AND user_id = $3', [actor.tenantId, id, actor.userId]);
        if (!member) throw forbidden('Only the members of this academic team and staff may change it');
        teacher = member.role === 'teacher';
        if (dto.title !== undefined || dto.dueDate !== undefined) throw forbidden('Only staff may change the title or due date of a deliverable');
        if (!teacher && (dto.assessment !== undefined || dto.grade !== undefined || dto.status === 'assessed')) throw forbidden('Only the team’s teacher may assess the deliverable');
      }
      const before = await this.view(manager, team);
      if (dto.title !== undefined) team.title = dto.title;
      if (dto.dueDate !== undefined) team.dueDate = dto.dueDate;
      if (dto.documentUrl !== undefined) team.documentUrl = dto.documentUrl;
      if (dto.assessment !== undefined) team.assessment = dto.assessment;
      if (dto.grade !== undefined) team.grade = dto.grade;
      if (dto.status !== undefined && dto.status !== team.status) {
        if (!DELIVERABLE_TRANSITIONS[team.status].includes(dto.status)) {
          throw new DomainError(409, 'ILLEGAL_TRANSITION', `A deliverable cannot go from ${team.status} to ${dto.status}`);
        }
        const errors: FieldError[] = [];
        if (dto.status === 'submitted' && !team.documentUrl) errors.push({ field: 'documentUrl', message: 'required to submit the deliverable' });
        if (dto.status === 'assessed' && !team.assessment) errors.push({ field: 'assessment', message: 'required to assess the deliverable' });
        if (errors.length) throw new DomainError(422, 'DELIVERABLE_INCOMPLETE', `The deliverable cannot be ${dto.status} — ${errors[0]?.field}: ${errors[0]?.message}`, errors);
        team.status = dto.status;
        if (dto.status === 'submitted') team.submittedAt = new Date();
        if (dto.status === 'assessed') team.assessedAt = new Date();
        if (dto.status === 'in_progress') team.submittedAt = null;
      } else if (team.status === 'assessed' && !teacher) {
        throw forbidden('An assessed deliverable can only be changed by its teacher or staff');
      }
      const saved = await manager.getRepository(AcademicTeam).save(team);
      const after = await this.view(manager, saved);
      if (before.status !== 'submitted' && saved.status === 'submitted') await this.notifySubmitted(manager, saved);
      await this.audit.record(manager, actor, { action: 'academic_team.update', entity: 'academic_team', entityId: id, before: { ...before, members: undefined, late: undefined }, after: { ...after, members: undefined, late: undefined } });
      return after;
    });
  }

  /**
   * Stores the deliverable's file (replacing a previous one) and points documentUrl at it. Same
   * rights as submitting: staff and the team's members, not once assessed.
   */
  async uploadDocument(actor: TenantActor, id: string, file: UploadedDocument | undefined): Promise<AcademicTeamView> {
    if (!file) throw validationFailed([{ field: 'file', message: 'a multipart/form-data file field is required' }]);
    if (!DOCUMENT_TYPES[file.mimetype]) throw validationFailed([{ field: 'file', message: `type ${file.mimetype} not accepted (PDF, DOCX, XLSX, PPTX, ODT)` }]);
    return this.dataSource.transaction(async (manager) => {
      const team = await this.require(manager, actor, id, true);
      if (!isStaff(actor)) {
        const [member] = await manager.query<unknown[]>('SELECT 1 FROM academic_team_members WHERE tenant_id = $1 AND team_id = $2 AND user_id = $3', [actor.tenantId, id, actor.userId]);
        if (!member) throw forbidden('Only the members of this academic team and staff may upload its deliverable');
      }
      if (team.status === 'assessed') throw new DomainError(409, 'DELIVERABLE_ASSESSED', 'The deliverable is assessed: its document is final');
      const filename = utf8Name(file.originalname).replace(/[\\/\r\n"]/g, '_').slice(0, 200) || `livrable.${DOCUMENT_TYPES[file.mimetype]}`;
      await manager.query(
        `INSERT INTO academic_documents (tenant_id, team_id, filename, content_type, size_bytes, content, uploaded_by_user_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, team_id) DO UPDATE SET filename = EXCLUDED.filename, content_type = EXCLUDED.content_type, size_bytes = EXCLUDED.size_bytes,
           content = EXCLUDED.content, uploaded_by_user_id = EXCLUDED.uploaded_by_user_id, updated_at = now()`,
        [actor.tenantId, id, filename, file.mimetype, file.size, file.buffer, actor.userId],
      );
      const before = team.documentUrl;
      team.documentUrl = this.notifications.link(`/api/academic-teams/${id}/document`);
      const saved = await manager.getRepository(AcademicTeam).save(team);
      await this.audit.record(manager, actor, { action: 'academic_team.document', entity: 'academic_team', entityId: id, changes: { documentUrl: { from: before, to: saved.documentUrl }, document: { from: null, to: { filename, contentType: file.mimetype, sizeBytes: file.size } } } });
      return this.view(manager, saved);
    });
  }

  async downloadDocument(actor: TenantActor, id: string): Promise<{ filename: string; contentType: string; content: Buffer }> {
    await this.require(this.dataSource.manager, actor, id);
    const doc = await this.dataSource
      .getRepository(AcademicDocument)
      .createQueryBuilder('d')
      .addSelect('d.content')
      .where('d.tenantId = :tenantId AND d.teamId = :id', { tenantId: actor.tenantId, id })
      .getOne();
    if (!doc) throw notFound('Document');
    return { filename: doc.filename, contentType: doc.contentType, content: doc.content };
  }

  /** The team if the actor may see its project, else 404; locked for writes. */
  private async require(manager: EntityManager, actor: TenantActor, id: string, lock = false): Promise<AcademicTeam> {
    const team = await manager.getRepository(AcademicTeam).findOne({ where: { id, tenantId: actor.tenantId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!team) throw notFound('Academic team');
    await this.access.requireProject(actor, team.projectId, manager).catch(() => {
      throw notFound('Academic team');
    });
    return team;
  }

  private async requireSchool(manager: EntityManager, tenantId: string, organisationId: string): Promise<void> {
    const org = await manager.getRepository(ExpertOrganisation).findOneBy({ id: organisationId, tenantId });
    if (!org || org.kind !== 'school') throw new DomainError(422, 'NOT_A_SCHOOL', 'schoolOrganisationId must be an organisation of kind school', [{ field: 'schoolOrganisationId', message: 'not a school of this tenant' }]);
  }

  /** Members with a login must be coach users of the tenant; the others need a name. */
  private async checkMembers(manager: EntityManager, tenantId: string, members: AcademicMemberDto[], prefix: string): Promise<{ userId: string | null; name: string; role: AcademicMemberDto['role'] }[]> {
    const ids = members.flatMap((m) => (m.userId ? [m.userId.toLowerCase()] : []));
    const rows = ids.length
      ? await manager.query<{ user_id: string; role: string; name: string }[]>('SELECT m.user_id, m.role, u.name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = $1 AND m.user_id = ANY($2::uuid[])', [tenantId, ids])
      : [];
    const byId = new Map(rows.map((r) => [r.user_id, r]));
    const errors: FieldError[] = [];
    const field = (i: number, f: string): string => (prefix ? `${prefix}.${i}.${f}` : f);
    const out = members.map((m, i) => {
      if (m.userId) {
        const found = byId.get(m.userId.toLowerCase());
        if (!found) errors.push({ field: field(i, 'userId'), message: 'not a user of this tenant' });
        else if (found.role !== 'coach') errors.push({ field: field(i, 'userId'), message: `is ${found.role}, not coach, in this tenant` });
        return { userId: m.userId.toLowerCase(), name: m.name ?? found?.name ?? '', role: m.role };
      }
      if (!m.name) errors.push({ field: field(i, 'name'), message: 'required for a member without login' });
      return { userId: null, name: m.name ?? '', role: m.role };
    });
    if (errors.length) throw validationFailed(errors);
    return out;
  }

  /** Adds the member and, for a user, gives them access to this project only (a coach assignment). */
  private async insertMember(manager: EntityManager, actor: TenantActor, team: AcademicTeam, m: { userId: string | null; name: string; role: AcademicMemberDto['role'] }): Promise<void> {
    await manager.getRepository(AcademicTeamMember).insert({ tenantId: actor.tenantId, teamId: team.id, userId: m.userId, name: m.name, role: m.role });
    if (!m.userId) return;
    const inserted = await manager.query<{ id: string }[]>(
      `INSERT INTO project_members (tenant_id, project_id, user_id, role) VALUES ($1, $2, $3, 'coach') ON CONFLICT (tenant_id, project_id, user_id, role) DO NOTHING RETURNING id`,
      [actor.tenantId, team.projectId, m.userId],
    );
    if (inserted.length) {
      await this.audit.record(manager, actor, { action: 'project.coach.assign', entity: 'project', entityId: team.projectId, changes: { coach: { from: null, to: m.userId } } });
    }
  }

  /** The team's teachers with a login are told a deliverable awaits their assessment. */
  private async notifySubmitted(manager: EntityManager, team: AcademicTeam): Promise<void> {
    const [project] = await manager.query<{ title: string }[]>('SELECT title FROM projects WHERE id = $1', [team.projectId]);
    const teachers = await manager.query<{ user_id: string }[]>(`SELECT user_id FROM academic_team_members WHERE tenant_id = $1 AND team_id = $2 AND role = 'teacher' AND user_id IS NOT NULL`, [team.tenantId, team.id]);
    const at = (team.submittedAt ?? new Date()).toISOString();
    for (const t of teachers) {
      await this.notifications.notify(manager, {
        tenantId: team.tenantId,
        userId: t.user_id,
        dedupKey: `deliverable_submitted:${team.id}:${at}:${t.user_id}`,
        data: { type: 'deliverable_submitted', deliverableTitle: team.title, projectTitle: project?.title ?? '', link: this.notifications.link(`/projects/${team.projectId}`) },
      });
    }
  }

  private async view(manager: EntityManager, t: AcademicTeam): Promise<AcademicTeamView> {
    const members = await manager.query<{ id: string; user_id: string | null; name: string; role: AcademicMemberView['role'] }[]>(
      `SELECT id, user_id, name, role FROM academic_team_members WHERE tenant_id = $1 AND team_id = $2 ORDER BY (role = 'teacher') DESC, name, id`,
      [t.tenantId, t.id],
    );
    const school = t.schoolOrganisationId ? await manager.getRepository(ExpertOrganisation).findOneBy({ id: t.schoolOrganisationId }) : null;
    return {
      id: t.id,
      projectId: t.projectId,
      schoolOrganisationId: t.schoolOrganisationId,
      schoolName: school?.name ?? null,
      title: t.title,
      dueDate: t.dueDate,
      late: (t.status === 'planned' || t.status === 'in_progress') && t.dueDate < todayInParis(),
      status: t.status,
      documentUrl: t.documentUrl,
      submittedAt: t.submittedAt ? t.submittedAt.toISOString() : null,
      assessment: t.assessment,
      grade: t.grade,
      assessedAt: t.assessedAt ? t.assessedAt.toISOString() : null,
      members: members.map((m) => ({ id: m.id, userId: m.user_id, name: m.name, role: m.role })),
      createdAt: t.createdAt.toISOString(),
    };
  }
}
