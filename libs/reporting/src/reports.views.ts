import { ApiProperty } from '@nestjs/swagger';
import { PROJECT_KINDS, type ProjectKind } from '@filiere/projects';

/**
 * OpenAPI schemas of the three reports (cohort report, the CCI's observatory, the network
 * roll-up): the shapes ReportsService answers, so that the web app's client types them.
 */

const NUM = { type: Number } as const;
const NUM_OR_NULL = { type: Number, nullable: true } as const;
const DATE_OR_NULL = { type: String, nullable: true, example: '2027-09-01' } as const;

export class ReportCohort {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() status: string;
  @ApiProperty() startDate: string;
  @ApiProperty() endDate: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
  @ApiProperty(NUM) feeCents: number;
}

export class ReportProjects {
  @ApiProperty(NUM) total: number;
  @ApiProperty(NUM) applied: number;
  @ApiProperty(NUM) selected: number;
  @ApiProperty(NUM) active: number;
  @ApiProperty(NUM) completed: number;
  @ApiProperty(NUM) withdrawn: number;
}

export class ReportMilestones {
  @ApiProperty(NUM) total: number;
  @ApiProperty(NUM) done: number;
  @ApiProperty(NUM) inProgress: number;
  @ApiProperty(NUM) blocked: number;
  @ApiProperty(NUM) late: number;
  @ApiProperty(NUM) doneLate: number;
  @ApiProperty(NUM) projectsWithLate: number;
  @ApiProperty(NUM_OR_NULL) completionPercent: number | null;
}

export class ReportCoaching {
  @ApiProperty(NUM) minutes: number;
  @ApiProperty(NUM) hours: number;
  @ApiProperty(NUM) sessions: number;
  @ApiProperty(NUM) projectsCoached: number;
  @ApiProperty(NUM_OR_NULL) budgetHours: number | null;
  @ApiProperty(NUM_OR_NULL) usedPercent: number | null;
}

export class ReportWorkshopResult {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty() title: string;
  @ApiProperty(NUM_OR_NULL) weightedScore: number | null;
  @ApiProperty(NUM_OR_NULL) rank: number | null;
  @ApiProperty(NUM) evaluationCount: number;
  @ApiProperty(NUM_OR_NULL) calibratedScore: number | null;
}

export class ReportAward {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty() prize: string;
  @ApiProperty() awardedBy: string;
}

export class ReportWorkshop {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: string;
  @ApiProperty(NUM) presentingProjects: number;
  @ApiProperty(NUM) partners: number;
  @ApiProperty(NUM) evaluations: number;
  @ApiProperty({ type: [ReportWorkshopResult] }) results: ReportWorkshopResult[];
  @ApiProperty({ type: [ReportAward] }) awards: ReportAward[];
}

export class ReportFees {
  @ApiProperty(NUM) invoices: number;
  @ApiProperty(NUM) drafts: number;
  @ApiProperty(NUM) invoicedExclVatCents: number;
  @ApiProperty(NUM) invoicedInclVatCents: number;
  @ApiProperty(NUM) paidCents: number;
  @ApiProperty(NUM) creditedCents: number;
  @ApiProperty(NUM) outstandingCents: number;
  @ApiProperty(NUM) overdue: number;
}

export class ReportSourcing {
  @ApiProperty(NUM) requests: number;
  @ApiProperty(NUM) upstream: number;
  @ApiProperty(NUM) downstream: number;
  @ApiProperty(NUM) candidates: number;
  @ApiProperty(NUM) shortlisted: number;
  @ApiProperty(NUM) contacted: number;
  @ApiProperty(NUM) interested: number;
  @ApiProperty(NUM) qualified: number;
}

export class ReportFinancing {
  @ApiProperty(NUM) eligibleMatches: number;
  @ApiProperty(NUM) projectsWithEligible: number;
  @ApiProperty(NUM) schemes: number;
  @ApiProperty(NUM) possibleMatches: number;
}

export class ReportPlannedTotals {
  @ApiProperty(NUM_OR_NULL) jobs: number | null;
  @ApiProperty(NUM_OR_NULL) investmentCents: number | null;
  @ApiProperty(NUM_OR_NULL) importSubstitutionCents: number | null;
  @ApiProperty(NUM) productionStarts: number;
}

export class ReportAchievedTotals {
  @ApiProperty(NUM_OR_NULL) jobs: number | null;
  @ApiProperty(NUM_OR_NULL) investmentCents: number | null;
  @ApiProperty(NUM_OR_NULL) importSubstitutionCents: number | null;
  @ApiProperty(NUM) productionStarted: number;
}

export class ReportFollowUps {
  @ApiProperty(NUM) answered: number;
  @ApiProperty(NUM) pending: number;
}

export class ReportOutcomeFigures {
  @ApiProperty(NUM_OR_NULL) jobs: number | null;
  @ApiProperty(NUM_OR_NULL) investmentCents: number | null;
  @ApiProperty(NUM_OR_NULL) importSubstitutionCents: number | null;
  @ApiProperty(DATE_OR_NULL) productionStartOn: string | null;
}

export class ReportProjectOutcomes {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty() title: string;
  @ApiProperty() status: string;
  @ApiProperty({ enum: PROJECT_KINDS }) kind: ProjectKind;
  @ApiProperty({ type: ReportOutcomeFigures }) planned: ReportOutcomeFigures;
  @ApiProperty({ type: ReportOutcomeFigures }) achieved: ReportOutcomeFigures;
  @ApiProperty({ type: ReportFollowUps }) followUps: ReportFollowUps;
}

export class ReportOutcomes {
  @ApiProperty({ type: ReportPlannedTotals }) planned: ReportPlannedTotals;
  @ApiProperty({ type: ReportAchievedTotals }) achieved: ReportAchievedTotals;
  @ApiProperty({ type: ReportFollowUps }) followUps: ReportFollowUps;
  @ApiProperty({ type: [ReportProjectOutcomes] }) projects: ReportProjectOutcomes[];
}

/** `GET /api/reports/cohorts/:id`. */
export class CohortReportView {
  @ApiProperty({ type: ReportCohort }) cohort: ReportCohort;
  @ApiProperty({ example: '2027-03-01', description: 'Today in Europe/Paris (what “late” is measured against)' }) today: string;
  @ApiProperty({ type: ReportProjects }) projects: ReportProjects;
  @ApiProperty({ type: ReportMilestones }) milestones: ReportMilestones;
  @ApiProperty({ type: ReportCoaching }) coaching: ReportCoaching;
  @ApiProperty({ type: [ReportWorkshop] }) workshops: ReportWorkshop[];
  @ApiProperty({ type: ReportFees }) fees: ReportFees;
  @ApiProperty({ type: ReportSourcing }) sourcing: ReportSourcing;
  @ApiProperty({ type: ReportFinancing }) financing: ReportFinancing;
  @ApiProperty({ type: ReportOutcomes }) outcomes: ReportOutcomes;
}

export class KindCounts {
  @ApiProperty(NUM) company: number;
  @ApiProperty(NUM) activity: number;
  @ApiProperty(NUM) value_chain: number;
}

export class FunnelCounts {
  @ApiProperty(NUM) applied: number;
  @ApiProperty(NUM) selected: number;
  @ApiProperty(NUM) active: number;
  @ApiProperty(NUM) completed: number;
  @ApiProperty(NUM) withdrawn: number;
}

export class OutcomeSums {
  @ApiProperty(NUM) plannedJobs: number;
  @ApiProperty(NUM) achievedJobs: number;
  @ApiProperty(NUM) plannedInvestmentCents: number;
  @ApiProperty(NUM) achievedInvestmentCents: number;
  @ApiProperty(NUM) plannedImportSubstitutionCents: number;
  @ApiProperty(NUM) achievedImportSubstitutionCents: number;
  @ApiProperty(NUM) productionStarted: number;
}

export class ObservatoryOutcomeSums extends OutcomeSums {
  @ApiProperty(NUM) projectsWithAchievedJobs: number;
}

export class TagCount {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty(NUM) projects: number;
}

/** `GET /api/reports/observatory`: the CCI's own projects, no suppression. */
export class ObservatoryReportView {
  @ApiProperty(NUM_OR_NULL) year: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) cohortId: string | null;
  @ApiProperty(NUM) projects: number;
  @ApiProperty({ type: KindCounts }) byKind: KindCounts;
  @ApiProperty({ type: FunnelCounts }) funnel: FunnelCounts;
  @ApiProperty({ type: [TagCount] }) motivations: TagCount[];
  @ApiProperty({ type: [TagCount] }) successFactors: TagCount[];
  @ApiProperty({ type: [TagCount] }) obstacles: TagCount[];
  @ApiProperty({ type: ObservatoryOutcomeSums }) outcomes: ObservatoryOutcomeSums;
}

/** A figure of the roll-up: value and projects null when `suppressed` (statistical secrecy). */
export class CellView {
  @ApiProperty(NUM_OR_NULL) value: number | null;
  @ApiProperty(NUM_OR_NULL) projects: number | null;
  @ApiProperty() suppressed: boolean;
}

export class KindCells {
  @ApiProperty({ type: CellView }) company: CellView;
  @ApiProperty({ type: CellView }) activity: CellView;
  @ApiProperty({ type: CellView }) value_chain: CellView;
}

export class FunnelCells {
  @ApiProperty({ type: CellView }) applied: CellView;
  @ApiProperty({ type: CellView }) selected: CellView;
  @ApiProperty({ type: CellView }) active: CellView;
  @ApiProperty({ type: CellView }) completed: CellView;
  @ApiProperty({ type: CellView }) withdrawn: CellView;
}

export class OutcomeCells {
  @ApiProperty({ type: CellView }) plannedJobs: CellView;
  @ApiProperty({ type: CellView }) achievedJobs: CellView;
  @ApiProperty({ type: CellView }) plannedInvestmentCents: CellView;
  @ApiProperty({ type: CellView }) achievedInvestmentCents: CellView;
  @ApiProperty({ type: CellView }) plannedImportSubstitutionCents: CellView;
  @ApiProperty({ type: CellView }) achievedImportSubstitutionCents: CellView;
  @ApiProperty({ type: CellView }) productionStarted: CellView;
}

export class TagCell {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: CellView }) projects: CellView;
}

export class NetworkNationalView {
  @ApiProperty({ type: CellView }) projects: CellView;
  @ApiProperty({ type: KindCells }) byKind: KindCells;
  @ApiProperty({ type: FunnelCells }) funnel: FunnelCells;
  @ApiProperty({ type: OutcomeCells }) outcomes: OutcomeCells;
  @ApiProperty({ type: [TagCell] }) motivations: TagCell[];
  @ApiProperty({ type: [TagCell] }) successFactors: TagCell[];
  @ApiProperty({ type: [TagCell] }) obstacles: TagCell[];
}

export class NetworkRegionView extends NetworkNationalView {
  @ApiProperty({ example: '27' }) regionCode: string;
  @ApiProperty({ example: 'Bourgogne-Franche-Comté' }) regionName: string;
}

/** `GET /api/reports/network` (platform admin): per région and nationally, aggregates only. */
export class NetworkReportView {
  @ApiProperty(NUM_OR_NULL) year: number | null;
  @ApiProperty(NUM) minCellSize: number;
  @ApiProperty({ type: [NetworkRegionView] }) regions: NetworkRegionView[];
  @ApiProperty({ type: NetworkNationalView, nullable: true }) national: NetworkNationalView | null;
}
