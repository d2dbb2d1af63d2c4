import { Injectable, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessModule, ProjectMember } from '@filiere/access';
import { CoachingModule, CoachingService } from '@filiere/coaching';
import { CohortsModule, CohortsService } from '@filiere/cohorts';
import { FinancingModule, FinancingService } from '@filiere/financing';
import { AcademicTeamsService, ExpertsModule, ExpertsService, TrainingsService } from '@filiere/experts';
import { NotificationsCoreModule } from '@filiere/notifications';
import { QueueModule } from '@filiere/platform/queue';
import { BuyersService, SourcingModule } from '@filiere/sourcing';
import { WorkshopsModule, WorkshopsService } from '@filiere/workshops';
import { OBSERVATORY_TAG_DEFAULTS, ObservatoryService, ReportingModule } from '@filiere/reporting';
import { InvoicingModule, InvoicingService } from '@filiere/invoicing';
import { vatNumberFromSiren } from '@filiere/reference-data';
import { AuditModule } from '@filiere/platform/audit';
import type { TenantActor, TenantRole } from '@filiere/platform/auth';
import { ConfigModule } from '@filiere/platform/config';
import { DatabaseModule } from '@filiere/platform/database';
import { addDays, NATIONAL_PROGRAMME_ID, ProgrammesModule, todayInParis } from '@filiere/programmes';
import { MilestonesService, ProjectsModule, ProjectsService } from '@filiere/projects';
import { hashPassword, Membership, Tenant, User } from '@filiere/tenancy';
import { SCHEMA } from '@filiere/migrations';
import { DEMO_PASSWORD, DEMO_TENANTS, demoSiret, DemoTenant } from './demo-data';

const ROLE_LOCAL_PART: Record<TenantRole, string> = { admin: 'admin', advisor: 'conseiller', coach: 'coach', holder: 'porteur', partner: 'partenaire' };
const ROLE_FR: Record<TenantRole | 'platform_admin', string> = {
  platform_admin: 'administrateur plateforme',
  admin: 'responsable programme (admin)',
  advisor: 'conseiller CCI',
  coach: 'coach',
  holder: 'porteur de projet',
  partner: 'partenaire',
};

export interface DemoLogin {
  email: string;
  tenant: string | null;
  role: TenantRole | 'platform_admin';
}

export const PLATFORM_DEMO_EMAIL = 'plateforme@demo.filiere.fr';
/** A consultant who coaches in both regions: shows the tenant choice at login. */
export const MULTI_TENANT_DEMO_EMAIL = 'expert.multi@demo.filiere.fr';

export function demoEmail(tenant: DemoTenant, role: TenantRole): string {
  return `${ROLE_LOCAL_PART[role]}.${tenant.slug.replace(/^cci-/, '')}@demo.filiere.fr`;
}

/**
 * Demo data through the domain services, so that it obeys the same rules as real data.
 * Idempotent: a tenant whose slug exists is left as it is.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cohorts: CohortsService,
    private readonly projects: ProjectsService,
    private readonly milestones: MilestonesService,
    private readonly coaching: CoachingService,
    private readonly workshops: WorkshopsService,
    private readonly financing: FinancingService,
    private readonly experts: ExpertsService,
    private readonly academicTeams: AcademicTeamsService,
    private readonly trainings: TrainingsService,
    private readonly invoicing: InvoicingService,
    private readonly buyers: BuyersService,
    private readonly observatory: ObservatoryService,
  ) {}

  async run(): Promise<DemoLogin[]> {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const logins: DemoLogin[] = [{ email: PLATFORM_DEMO_EMAIL, tenant: null, role: 'platform_admin' }];
    await this.dataSource.query(
      `INSERT INTO users (email, name, password_hash, is_platform_admin) VALUES ($1, $2, $3, true) ON CONFLICT (email) DO NOTHING`,
      [PLATFORM_DEMO_EMAIL, 'Opérateur Filière (démo)', passwordHash],
    );
    for (const tenant of DEMO_TENANTS) {
      await this.seedTenant(tenant, passwordHash);
      for (const u of tenant.users) logins.push({ email: demoEmail(tenant, u.role), tenant: tenant.slug, role: u.role });
    }
    logins.push({ email: MULTI_TENANT_DEMO_EMAIL, tenant: DEMO_TENANTS.map((t) => t.slug).join(' | '), role: 'coach' });
    return logins;
  }

  private async seedTenant(def: DemoTenant, passwordHash: string): Promise<void> {
    if (await this.dataSource.getRepository(Tenant).existsBy({ slug: def.slug })) {
      this.logger.log(`${def.name}: already there`);
      return;
    }
    const { tenant, members } = await this.dataSource.transaction(async (m) => {
      const tenant = await m.getRepository(Tenant).save({ name: def.name, slug: def.slug, regionCode: def.regionCode, settings: {} });
      const members = new Map<TenantRole, Membership>();
      const people = [...def.users.map((u) => ({ ...u, email: demoEmail(def, u.role) })), { role: 'coach' as const, name: 'Expert conseil multi-régions', email: MULTI_TENANT_DEMO_EMAIL }];
      for (const person of people) {
        await m.query(`INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING`, [person.email, person.name, passwordHash]);
        const user = await m.getRepository(User).findOneByOrFail({ email: person.email });
        const membership = await m.getRepository(Membership).save({ tenantId: tenant.id, userId: user.id, role: person.role });
        if (person.email !== MULTI_TENANT_DEMO_EMAIL) members.set(person.role, membership);
      }
      return { tenant, members };
    });
    const advisorMembership = members.get('advisor');
    if (!advisorMembership) throw new Error('demo tenant without advisor');
    const advisor: TenantActor = { userId: advisorMembership.userId, tenantId: tenant.id, role: 'advisor', membershipId: advisorMembership.id };

    // A running cohort that started ten weeks ago: some milestones done, some late.
    const today = todayInParis();
    const startDate = addDays(today, -70);
    const cohort = await this.cohorts.create(advisor, { programmeId: NATIONAL_PROGRAMME_ID, name: def.cohortName, startDate, endDate: addDays(startDate, 182), capacity: 12, coachingHoursPerProject: 12 });
    await this.cohorts.update(advisor, cohort.id, { status: 'recruiting' });
    await this.cohorts.update(advisor, cohort.id, { status: 'running' });

    const coach = members.get('coach');
    const holder = members.get('holder');
    const partner = members.get('partner');
    const projectIds: string[] = [];
    for (const [i, p] of def.projects.entries()) {
      const project = await this.projects.create(advisor, cohort.id, {
        title: p.title,
        summary: p.summary,
        kind: p.kind,
        company: { siret: demoSiret(p.company.sirenBase), name: p.company.name, nafCode: p.company.nafCode, communeCode: p.company.communeCode, sizeBand: p.company.sizeBand },
        products: p.products,
        investmentCents: p.investmentCents,
        jobsPlanned: p.jobsPlanned,
      });
      await this.projects.update(advisor, project.id, { status: 'selected' });
      await this.projects.update(advisor, project.id, { status: 'active' });
      projectIds.push(project.id);
      // What eligibility needs beyond the project (the worker then computes the matches).
      await this.financing.updateProfile(advisor, project.id, {
        companyCreatedOn: `${1985 + ((i * 7) % 36)}-0${1 + (i % 9)}-15`,
        companyCategory: p.company.sizeBand >= '21' ? 'PME' : null,
        stage: i % 3 === 2 ? 'reflexion' : 'realisation',
        expenseTypes: i % 3 === 2 ? ['fonctionnement'] : ['investissement'],
        deMinimisPriorCents: i % 2 ? 4_000_000 : null,
      });
      if (i === 0) {
        const regional = def.slug === 'cci-bfc' ? DEMO_SCHEMES.bfcAvances : DEMO_SCHEMES.innoSobriete;
        await this.financing.putPlan(advisor, project.id, {
          lines: [
            { schemeId: DEMO_SCHEMES.pretIndustriePme, amountCents: Math.round(p.investmentCents * 0.4) },
            { schemeId: regional, amountCents: 10_000_000 },
          ],
          note: 'Plan de financement de démonstration',
        });
      }
      if (coach && i < 4) await this.projects.assignCoach(advisor, project.id, coach.userId);
      if (holder && i === 0) {
        await this.dataSource.getRepository(ProjectMember).insert({ tenantId: tenant.id, projectId: project.id, userId: holder.userId, role: 'holder' });
      }
      if (coach && i < 4) {
        const coachActor: TenantActor = { userId: coach.userId, tenantId: tenant.id, role: 'coach', membershipId: coach.id };
        for (const [k, session] of DEMO_SESSIONS.entries()) {
          await this.coaching.create(coachActor, project.id, {
            date: addDays(today, -56 + k * 21 + i),
            durationMinutes: session.minutes,
            mode: session.mode,
            topics: session.topics,
            notes: session.notes,
            privateNotes: session.privateNotes,
            nextSteps: session.nextSteps.map((title) => ({ title })),
            attendees: ['Dirigeant(e) de l’entreprise'],
          });
        }
      }
      for (const m of project.milestones) {
        if (m.dueDate < today) {
          // Most past milestones done; every fourth (shifted per project) left late.
          if ((m.position + i) % 4 !== 0) await this.milestones.update(advisor, m.id, { status: 'done', note: 'Réalisé (données de démonstration)' });
        } else if (m.startDate <= today) {
          await this.milestones.update(advisor, m.id, { status: 'in_progress' });
        }
      }
    }
    // The two-day workshop of week 16, with the region as invited partner.
    await this.workshops.create(advisor, cohort.id, {
      title: `Ateliers intensifs — ${def.cohortName.replace('Accélérateur relocalisation — ', '')}`,
      startsAt: `${addDays(startDate, 112)}T09:00:00+01:00`,
      endsAt: `${addDays(startDate, 113)}T17:30:00+01:00`,
      location: def.slug === 'cci-bfc' ? 'CCI Bourgogne-Franche-Comté, Besançon' : 'CCI Bretagne, Rennes',
      criteria: [
        { key: 'marche', label: 'Marché et débouchés', weight: 3, maxScore: 20 },
        { key: 'sourcing', label: 'Sourcing local amont et aval', weight: 2, maxScore: 20 },
        { key: 'faisabilite', label: 'Faisabilité technique et industrielle', weight: 3, maxScore: 20 },
        { key: 'impact', label: 'Impact emploi et territoire', weight: 2, maxScore: 20 },
      ],
      projectIds: projectIds.slice(0, 6),
      partnerUserIds: partner ? [partner.userId] : [],
    });
    await this.seedObservatory(advisor, projectIds, def.projects.map((p) => p.investmentCents));
    await this.seedExperts(def, advisor, cohort.id, projectIds, coach?.userId, holder?.userId, startDate);
    await this.seedInvoices(def, advisor, projectIds);
    // Buyers of the territory and what they want to buy locally (shown to the projects that could supply them).
    for (const b of def.buyers ?? []) {
      const buyer = await this.buyers.create(advisor, { siret: demoSiret(b.sirenBase), name: b.name, nafCode: b.nafCode, communeCode: b.communeCode, notes: b.notes });
      for (const c of b.categories) await this.buyers.addCategory(advisor, buyer.id, c);
    }
    this.logger.log(`${def.name}: cohort "${def.cohortName}" with ${def.projects.length} projects`);
  }

  /** Observatory records: motivations, success factors, obstacles, planned outcomes, a few achieved ones. */
  private async seedObservatory(advisor: TenantActor, projectIds: string[], investments: number[]): Promise<void> {
    const pick = (list: string[], i: number, n: number): string[] => Array.from({ length: n }, (_, k) => list[(i * 3 + k * 2) % list.length]);
    for (const [i, id] of projectIds.entries()) {
      const investment = investments[i] ?? 0;
      await this.observatory.update(advisor, id, {
        motivations: [...new Set(pick(OBSERVATORY_TAG_DEFAULTS.motivation, i, 2))],
        successFactors: [...new Set(pick(OBSERVATORY_TAG_DEFAULTS.success_factor, i, i % 2 ? 2 : 1))],
        obstacles: [...new Set(pick(OBSERVATORY_TAG_DEFAULTS.obstacle, i, 1))],
        planned: { importSubstitutionCents: Math.round(investment * 0.6), productionStartOn: addDays(todayInParis(), 180 + i * 30) },
        ...(i % 3 === 0 ? { achieved: { jobs: 1 + (i % 4), investmentCents: Math.round(investment * 0.25) } } : {}),
      });
    }
  }

  /** The coach directory, a student market study on the second project and a group training. */
  private async seedExperts(def: DemoTenant, advisor: TenantActor, cohortId: string, projectIds: string[], coachId: string | undefined, holderId: string | undefined, startDate: string): Promise<void> {
    const bfc = def.slug === 'cci-bfc';
    const cci = await this.experts.createOrganisation(advisor, { name: def.name, kind: 'cci', communeCode: bfc ? '25056' : '35238' });
    const firm = await this.experts.createOrganisation(advisor, { name: 'Cabinet Industrie du Futur', kind: 'consulting', communeCode: '69123' });
    const school = await this.experts.createOrganisation(advisor, { name: bfc ? 'UTBM' : 'IMT Atlantique', kind: 'school', communeCode: bfc ? '90010' : '29019' });
    if (coachId) {
      await this.experts.putProfile(advisor, coachId, {
        organisationId: cci.id,
        tags: ['Sourcing amont', 'Sourcing aval', 'Financement'],
        nafDivisions: bfc ? ['24', '25', '28'] : ['10', '13', '26'],
        homeCommuneCode: bfc ? '25056' : '35238',
        capacityHoursPerMonth: 24,
        languages: ['fr', 'en'],
        bio: 'Conseiller·ère industrie de la CCI, 12 ans d’accompagnement de PME manufacturières.',
      });
    }
    const [multi] = await this.dataSource.query<{ id: string }[]>('SELECT id FROM users WHERE email = $1', [MULTI_TENANT_DEMO_EMAIL]);
    if (multi) {
      await this.experts.putProfile(advisor, multi.id, {
        organisationId: firm.id,
        tags: ['Industrie 4.0', 'Industrialisation', 'Économie circulaire'],
        nafDivisions: ['25', '26', '28'],
        homeCommuneCode: '69123',
        capacityHoursPerMonth: 10,
        languages: ['fr', 'en', 'de'],
        bio: 'Consultant industrie 4.0 et économie circulaire, ancien directeur d’usine.',
      });
    }
    const studied = projectIds[1];
    if (studied) {
      await this.academicTeams.create(advisor, studied, {
        title: 'Étude de marché — débouchés régionaux',
        dueDate: addDays(startDate, 70),
        schoolOrganisationId: school.id,
        members: [
          { name: 'Pr. Claire Roussel (enseignante-chercheuse)', role: 'teacher' },
          { name: 'Hugo Bernard (M1)', role: 'student' },
          { name: 'Inès Moreau (M1)', role: 'student' },
        ],
      });
    }
    const training = await this.trainings.create(advisor, cohortId, {
      topic: 'Achats responsables et sourcing local',
      trainerName: 'Cabinet Industrie du Futur',
      startsAt: `${addDays(todayInParis(), 21)}T09:30:00+01:00`,
      durationMinutes: 210,
      mode: 'onsite',
      location: bfc ? 'CCI Bourgogne-Franche-Comté, Besançon' : 'CCI Bretagne, Rennes',
      capacity: 12,
      projectIds: projectIds.slice(0, 4),
    });
    const first = projectIds[0];
    if (holderId && first) {
      const holderMembership = await this.dataSource.getRepository(Membership).findOneByOrFail({ tenantId: advisor.tenantId, userId: holderId });
      await this.trainings.register({ userId: holderId, tenantId: advisor.tenantId, role: 'holder', membershipId: holderMembership.id }, training.id, { projectId: first });
    }
  }

  /** Billing settings, and the fee invoices of the first projects: paid, partly paid, issued, draft. */
  private async seedInvoices(def: DemoTenant, advisor: TenantActor, projectIds: string[]): Promise<void> {
    const siret = demoSiret(def.slug === 'cci-bfc' ? '13002097' : '13002098');
    await this.invoicing.putSettings(advisor, {
      legalName: `Chambre de commerce et d’industrie de région ${def.name.replace(/^CCI /, '')}`,
      siret,
      vatNumber: vatNumberFromSiren(siret.slice(0, 9)),
      addressLine: def.slug === 'cci-bfc' ? '46 avenue Villarceau' : '1 rue du Général Guillaudot',
      postalCode: def.slug === 'cci-bfc' ? '25000' : '35000',
      city: def.slug === 'cci-bfc' ? 'Besançon' : 'Rennes',
      iban: 'FR7630006000011234567890189',
      paymentTermsDays: 30,
    });
    const today = todayInParis();
    for (const [i, projectId] of projectIds.slice(0, 4).entries()) {
      const draft = await this.invoicing.createDraft(advisor, projectId, {});
      if (i === 3) continue;
      await this.invoicing.issue(advisor, draft.id);
      if (i === 0) await this.invoicing.addPayment(advisor, draft.id, { amountCents: 100_000, paidAt: today, method: 'transfer', reference: 'Acompte' });
      if (i === 1) await this.invoicing.addPayment(advisor, draft.id, { amountCents: draft.totalInclVatCents, paidAt: today, method: 'transfer' });
    }
  }
}

const DEMO_SESSIONS: { minutes: number; mode: 'onsite' | 'remote' | 'phone'; topics: string[]; notes: string; privateNotes: string; nextSteps: string[] }[] = [
  {
    minutes: 120,
    mode: 'onsite',
    topics: ['Diagnostic', 'Sourcing amont'],
    notes: 'Visite de l’atelier, revue des pièces importées et de leurs volumes annuels.',
    privateNotes: 'Dirigeant motivé, trésorerie tendue jusqu’au printemps.',
    nextSteps: ['Lister les composants importés et leurs fournisseurs actuels'],
  },
  {
    minutes: 90,
    mode: 'remote',
    topics: ['Sourcing amont', 'Financement'],
    notes: 'Trois fournisseurs régionaux identifiés ; premières pistes de financement.',
    privateNotes: 'Prévoir un échange avec Bpifrance avant le comité.',
    nextSteps: ['Contacter les trois fournisseurs identifiés', 'Préparer le plan d’investissement'],
  },
  {
    minutes: 60,
    mode: 'phone',
    topics: ['Étude de marché'],
    notes: 'Point sur le cahier des charges de l’étude de marché confiée aux étudiants.',
    privateNotes: '',
    nextSteps: [],
  },
];

@Module({
  imports: [
    ConfigModule,
    DatabaseModule.forRoot(SCHEMA, 'filiere-seed'),
    QueueModule,
    NotificationsCoreModule,
    AuditModule,
    AccessModule,
    ProgrammesModule,
    CohortsModule,
    ProjectsModule,
    CoachingModule,
    WorkshopsModule,
    FinancingModule,
    ExpertsModule,
    InvoicingModule,
    SourcingModule,
    ReportingModule,
  ],
  providers: [DemoSeeder],
})
export class DemoSeedModule {}

/** National schemes seeded by the FinancingSeed migration that the demo plans use. */
const DEMO_SCHEMES = {
  pretIndustriePme: '5c0e0000-0000-4000-8000-000000000002',
  bfcAvances: '5c0e0000-0000-4000-8000-000000000019',
  innoSobriete: '5c0e0000-0000-4000-8000-000000000020',
};

/** Seeds and prints the demo logins. */
export async function runDemoSeed(print: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<DemoLogin[]> {
  const app = await NestFactory.createApplicationContext(DemoSeedModule, { logger: ['error', 'warn'] });
  try {
    const logins = await app.get(DemoSeeder).run();
    print('');
    print(`Demo logins (password for all: ${DEMO_PASSWORD})`);
    for (const l of logins) print(`  ${l.email.padEnd(36)} ${(l.tenant ?? '—').padEnd(26)} ${ROLE_FR[l.role]}`);
    print('');
    return logins;
  } finally {
    await app.close();
  }
}
