/**
 * Responses the OpenAPI document describes only in words (`{ items, nextCursor }` lists and a
 * few views): their shapes as API.md and the API's views define them.
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

export type InvoiceStatus = 'draft' | 'issued' | 'partially_paid' | 'paid' | 'cancelled';
export interface Invoice {
  id: string;
  projectId: string;
  status: InvoiceStatus;
  overdue: boolean;
  number: string | null;
  issueDate: string | null;
  dueDate: string | null;
  totalExclVatCents: number;
  totalVatCents: number;
  totalInclVatCents: number;
  paidCents: number;
  balanceCents: number;
  customer: { name: string };
  lines: { label: string; quantity: number; unitPriceCents: number; vatRate: number }[];
}

export interface Scheme {
  id: string;
  owner: 'national' | 'tenant';
  name: string;
  funder: string;
  kind: string;
  perimeter: { scope: string; codes: string[] };
  status: string;
  closesOn: string | null;
  sourceUrl: string;
}

export interface FinancingMatch {
  scheme: Scheme;
  eligible: boolean;
  score: number;
  met: string[];
  unmet: string[];
  unknown: string[];
  nextDeadline: { date: string; kind: 'predeposit' | 'closing' } | null;
}

export interface FinancingMatches {
  items: FinancingMatch[];
  computedAt: string | null;
}

export interface FinancingPlan {
  investmentCents: number | null;
  totalCents: number;
  coveragePercent: number | null;
  lines: { schemeId: string; schemeName?: string; amountCents: number }[];
  warnings: { code: string; message: string }[];
}

export interface Member {
  id: string;
  email: string;
  name: string;
  role: string;
}

export interface TimelineEvent {
  id?: string;
  at: string;
  kind?: string;
  type?: string;
  title?: string;
  summary?: string;
  actor?: { name: string } | null;
}
