import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@filiere/platform/audit';
import { DomainError, notFound } from '@filiere/platform/errors';
import { hashFollowUpToken } from './follow-ups';
import { ProjectObservatory } from './observatory.entities';
import { applyAchieved } from './observatory.service';
import { FollowUpAnswerDto } from './reporting.dto';

export interface FollowUpFormView {
  projectId: string;
  projectTitle: string;
  companyName: string;
  stage: number;
  dueOn: string;
  /** What the observatory holds today (prefills the form). */
  current: { jobs: number | null; investmentCents: number | null; importSubstitutionCents: number | null; productionStartedOn: string | null };
  fields: { name: string; label: string; type: 'integer' | 'cents' | 'date' | 'text' }[];
}

export const FOLLOW_UP_FIELDS: FollowUpFormView['fields'] = [
  { name: 'jobs', label: 'Emplois créés à ce jour', type: 'integer' },
  { name: 'investmentCents', label: 'Investissement réalisé', type: 'cents' },
  { name: 'importSubstitutionCents', label: 'Importations remplacées (valeur annuelle)', type: 'cents' },
  { name: 'productionStartedOn', label: 'Date de démarrage de la production', type: 'date' },
  { name: 'comment', label: 'Commentaire', type: 'text' },
];

interface FormRow {
  id: string;
  tenant_id: string;
  project_id: string;
  stage: number;
  due_on: string;
  answered_at: Date | null;
  title: string;
  company_name: string;
}

/**
 * The public follow-up forms: the token of the link (only its hash is stored) opens one form of
 * one project, once. Unknown token, or a token used with another project: 404; answered: 410.
 */
@Injectable()
export class FollowUpsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  private async load(manager: EntityManager, projectId: string, token: string, lock: boolean): Promise<FormRow> {
    const [row] = await manager.query<FormRow[]>(
      `SELECT f.id, f.tenant_id, f.project_id, f.stage, to_char(f.due_on, 'YYYY-MM-DD') AS due_on, f.answered_at, p.title, p.company_name
       FROM follow_up_forms f JOIN projects p ON p.id = f.project_id AND p.tenant_id = f.tenant_id
       WHERE f.token_hash = $1 AND f.sent_at IS NOT NULL${lock ? ' FOR UPDATE OF f' : ''}`,
      [hashFollowUpToken(token)],
    );
    if (!row || row.project_id !== projectId.toLowerCase()) throw notFound('Follow-up form');
    if (row.answered_at) throw new DomainError(410, 'FOLLOW_UP_ANSWERED', 'This follow-up form has already been answered');
    return row;
  }

  async form(projectId: string, token: string): Promise<FollowUpFormView> {
    const f = await this.load(this.dataSource.manager, projectId, token, false);
    const o = await this.dataSource.getRepository(ProjectObservatory).findOneBy({ tenantId: f.tenant_id, projectId: f.project_id });
    return {
      projectId: f.project_id,
      projectTitle: f.title,
      companyName: f.company_name,
      stage: f.stage,
      dueOn: f.due_on,
      current: { jobs: o?.achievedJobs ?? null, investmentCents: o?.achievedInvestmentCents ?? null, importSubstitutionCents: o?.achievedImportSubstitutionCents ?? null, productionStartedOn: o?.productionStartedOn ?? null },
      fields: FOLLOW_UP_FIELDS,
    };
  }

  /** Records the answers: the achieved outcomes given replace the observatory's; the form closes. */
  async answer(projectId: string, token: string, dto: FollowUpAnswerDto): Promise<{ status: 'answered'; stage: number }> {
    return this.dataSource.transaction(async (m) => {
      const f = await this.load(m, projectId, token, true);
      const repo = m.getRepository(ProjectObservatory);
      const record = (await repo.findOneBy({ tenantId: f.tenant_id, projectId: f.project_id })) ?? repo.create({ tenantId: f.tenant_id, projectId: f.project_id, motivations: [], successFactors: [], obstacles: [] });
      if (!record.id) {
        const [p] = await m.query<{ jobs_planned: number | null; investment_cents: string | null }[]>('SELECT jobs_planned, investment_cents FROM projects WHERE id = $1', [f.project_id]);
        record.plannedJobs = p?.jobs_planned ?? null;
        record.plannedInvestmentCents = p?.investment_cents == null ? null : Number(p.investment_cents);
      }
      const before = { jobs: record.achievedJobs, investmentCents: record.achievedInvestmentCents, importSubstitutionCents: record.achievedImportSubstitutionCents, productionStartedOn: record.productionStartedOn };
      applyAchieved(record, dto);
      await repo.save(record);
      await m.query('UPDATE follow_up_forms SET answered_at = now(), answers = $2, updated_at = now() WHERE id = $1', [f.id, JSON.stringify(dto)]);
      await this.audit.record(m, null, {
        tenantId: f.tenant_id,
        action: 'follow_up.answer',
        entity: 'project',
        entityId: f.project_id,
        before,
        after: { jobs: record.achievedJobs, investmentCents: record.achievedInvestmentCents, importSubstitutionCents: record.achievedImportSubstitutionCents, productionStartedOn: record.productionStartedOn },
      });
      return { status: 'answered' as const, stage: f.stage };
    });
  }
}
