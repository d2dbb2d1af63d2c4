import { ApiProperty } from '@nestjs/swagger';
import type { PlanLineResult, PlanResult, PlanWarning } from './plan';
import { EXPENSE_TYPES, ExpenseType, PROJECT_STAGES, ProjectStage, SCHEME_KINDS, SchemeKind } from './scheme-rules';
import { SchemeView } from './scheme-view';

/** Response views of the financing routes (their OpenAPI schemas: the web app's types). */

const DEADLINE_KINDS = ['predeposit', 'closing'] as const;
type DeadlineKind = (typeof DEADLINE_KINDS)[number];
const PLAN_WARNING_CODES = ['AID_ABOVE_INVESTMENT', 'RATE_EXCEEDED', 'AMOUNT_ABOVE_MAX', 'DE_MINIMIS_EXCEEDED', 'DE_MINIMIS_PRIOR_UNKNOWN', 'INVESTMENT_UNKNOWN', 'SCHEME_CLOSED'] as const satisfies readonly PlanWarning['code'][];

export class ProfileView {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ type: String, nullable: true, example: '2012-04-02' }) companyCreatedOn: string | null;
  @ApiProperty({ enum: ['PME', 'ETI', 'GE'], nullable: true }) companyCategory: 'PME' | 'ETI' | 'GE' | null;
  @ApiProperty({ enum: PROJECT_STAGES, nullable: true }) stage: ProjectStage | null;
  @ApiProperty({ enum: EXPENSE_TYPES, isArray: true }) expenseTypes: ExpenseType[];
  @ApiProperty({ type: Number, nullable: true }) deMinimisPriorCents: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) matchesComputedAt: string | null;
}

export class NextDeadlineView {
  @ApiProperty({ example: '2027-03-31' }) date: string;
  @ApiProperty({ enum: DEADLINE_KINDS }) kind: DeadlineKind;
}

export class MatchView {
  @ApiProperty({ type: SchemeView }) scheme: SchemeView;
  @ApiProperty() eligible: boolean;
  @ApiProperty() score: number;
  @ApiProperty({ type: [String], description: 'Criteria met, in French' }) met: string[];
  @ApiProperty({ type: [String], description: 'Criteria not met, in French' }) unmet: string[];
  @ApiProperty({ type: [String], description: 'Criteria to check (data missing), in French' }) unknown: string[];
  @ApiProperty({ type: NextDeadlineView, nullable: true }) nextDeadline: NextDeadlineView | null;
}

export class MatchesView {
  @ApiProperty({ type: [MatchView], description: 'Eligible first' }) items: MatchView[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) computedAt: string | null;
}

export class DeadlineView {
  @ApiProperty({ format: 'uuid' }) schemeId: string;
  @ApiProperty() schemeName: string;
  @ApiProperty() funder: string;
  @ApiProperty() date: string;
  @ApiProperty({ enum: DEADLINE_KINDS }) kind: DeadlineKind;
  @ApiProperty() eligible: boolean;
}

export class PlanLineView implements PlanLineResult {
  @ApiProperty({ format: 'uuid' }) schemeId: string;
  @ApiProperty() schemeName: string;
  @ApiProperty({ enum: SCHEME_KINDS }) kind: SchemeKind;
  @ApiProperty() amountCents: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Share of the investment (percent, 1 decimal)' }) ratePercent: number | null;
  @ApiProperty({ type: Number, nullable: true }) maxRatePercent: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The most this scheme may bring (rate cap × investment, amount cap)' }) capCents: number | null;
  @ApiProperty() deMinimis: boolean;
}

export class PlanWarningView implements PlanWarning {
  @ApiProperty({ enum: PLAN_WARNING_CODES }) code: PlanWarning['code'];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) schemeId: string | null;
  @ApiProperty({ description: 'In French' }) message: string;
}

export class PlanView implements PlanResult {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ type: Number, nullable: true }) investmentCents: number | null;
  @ApiProperty() totalCents: number;
  @ApiProperty({ type: Number, nullable: true }) coveragePercent: number | null;
  @ApiProperty() deMinimisCents: number;
  @ApiProperty({ type: Number, nullable: true }) deMinimisPriorCents: number | null;
  @ApiProperty() deMinimisCeilingCents: number;
  @ApiProperty({ type: [PlanLineView] }) lines: PlanLineView[];
  @ApiProperty({ type: [PlanWarningView] }) warnings: PlanWarningView[];
  @ApiProperty() note: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt: string | null;
}
