/** Names of the API's response views (generated from its OpenAPI document) used across the app. */
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

/** `GET /api/reports/cohorts/:id`, `GET /api/reports/observatory`, `GET /api/reports/network`. */
export type CohortReport = Schemas['CohortReportView'];
export type ObservatoryReport = Schemas['ObservatoryReportView'];
export type NetworkReport = Schemas['NetworkReportView'];
/** A figure of the network roll-up: null and `suppressed` under 3 projects. */
export type Cell = Schemas['CellView'];
export type TagCount = Schemas['TagCount'];
export type KindKey = keyof Schemas['KindCounts'];
export type FunnelKey = keyof Schemas['FunnelCounts'];
export type OutcomeKey = keyof Schemas['OutcomeCells'];
