/**
 * Names of the API's response views (generated from its OpenAPI document), and the few
 * reports the document still describes only in words: their shapes as the API's services define them.
 */
import type { Schemas } from './client';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Cohort = Schemas['CohortView'];
export type Project = Schemas['ProjectView'];
export type Milestone = Schemas['MilestoneView'];
export type Session = Schemas['SessionView'];
export type Workshop = Schemas['WorkshopView'];
export type Candidate = Schemas['CandidateView'];
export type SourcingRequest = Schemas['SourcingRequestView'];
export type Tenant = Schemas['TenantView'];

export type Invoice = Schemas['InvoiceView'];
export type InvoiceStatus = Invoice['status'];
export type CreditNote = Schemas['CreditNoteView'];
export type Scheme = Schemas['SchemeView'];
export type FinancingMatch = Schemas['MatchView'];
export type FinancingMatches = Schemas['MatchesView'];
export type FinancingPlan = Schemas['PlanView'];
export type Member = Schemas['MemberView'];
export type TimelineEvent = Schemas['TimelineItemView'];
export type JobRun = Schemas['JobRunView'];
export type Tag = Schemas['TagView'];
export type Observatory = Schemas['ObservatoryView'];

/** `GET /api/reports/cohorts/:id` (libs/reporting, reports.service.ts). */
export interface CohortReport {
  cohort: { id: string; name: string; status: string; startDate: string; endDate: string; closedAt: string | null; feeCents: number };
  today: string;
  projects: { total: number; applied: number; selected: number; active: number; completed: number; withdrawn: number };
  milestones: { total: number; done: number; inProgress: number; blocked: number; late: number; doneLate: number; projectsWithLate: number; completionPercent: number | null };
  coaching: { minutes: number; hours: number; sessions: number; projectsCoached: number; budgetHours: number | null; usedPercent: number | null };
  workshops: { id: string; title: string; status: string; startsAt: string; presentingProjects: number; partners: number; evaluations: number; results: { projectId: string; title: string; weightedScore: number | null; rank: number | null; evaluationCount: number; calibratedScore: number | null }[]; awards: { projectId: string; prize: string }[] }[];
  fees: { invoices: number; drafts: number; invoicedExclVatCents: number; invoicedInclVatCents: number; paidCents: number; creditedCents: number; outstandingCents: number; overdue: number };
  sourcing: { requests: number; upstream: number; downstream: number; candidates: number; shortlisted: number; contacted: number; interested: number; qualified: number };
  financing: { eligibleMatches: number; projectsWithEligible: number; schemes: number; possibleMatches: number };
  outcomes: {
    planned: { jobs: number | null; investmentCents: number | null; importSubstitutionCents: number | null; productionStarts: number };
    achieved: { jobs: number | null; investmentCents: number | null; importSubstitutionCents: number | null; productionStarted: number };
    followUps: { answered: number; pending: number };
  };
}

export type KindKey = 'company' | 'activity' | 'value_chain';
export type FunnelKey = 'applied' | 'selected' | 'active' | 'completed' | 'withdrawn';
export type OutcomeKey = 'plannedJobs' | 'achievedJobs' | 'plannedInvestmentCents' | 'achievedInvestmentCents' | 'plannedImportSubstitutionCents' | 'achievedImportSubstitutionCents' | 'productionStarted';
export interface TagCount {
  key: string;
  label: string;
  projects: number;
}

/** `GET /api/reports/observatory` (the tenant's own projects, no suppression). */
export interface ObservatoryReport {
  year: number | null;
  projects: number;
  byKind: Record<KindKey, number>;
  funnel: Record<FunnelKey, number>;
  motivations: TagCount[];
  successFactors: TagCount[];
  obstacles: TagCount[];
  outcomes: Record<OutcomeKey, number>;
}

/** A figure of the network roll-up: null and `suppressed` under 3 projects. */
export interface Cell {
  value: number | null;
  projects: number | null;
  suppressed: boolean;
}

/** `GET /api/reports/network` (platform admin, aggregates only). */
export interface NetworkReport {
  year: number | null;
  minCellSize: number;
  regions: { regionCode: string; regionName: string; projects: Cell; byKind: Record<KindKey, Cell>; funnel: Record<FunnelKey, Cell>; outcomes: Record<OutcomeKey, Cell> }[];
  national: { projects: Cell; byKind: Record<KindKey, Cell>; funnel: Record<FunnelKey, Cell>; outcomes: Record<OutcomeKey, Cell> } | null;
}
