import type { FinancingScheme } from './financing.entities';
import { ApiProperty } from '@nestjs/swagger';
import { COMPANY_SIZES, CompanySize, EXPENSE_TYPES, ExpenseType, PERIMETER_SCOPES, PerimeterScope, PROJECT_STAGES, ProjectStage, RECURRENCES, Recurrence, SCHEME_KINDS, SCHEME_STATUSES, SchemeKind, SchemeStatus } from './scheme-rules';

const DATE = { type: String, nullable: true, example: '2027-03-31' } as const;
const CENTS = { type: Number, nullable: true } as const;

export class PerimeterView {
  @ApiProperty({ enum: PERIMETER_SCOPES }) scope: PerimeterScope;
  @ApiProperty({ type: [String], description: 'INSEE codes of the régions or départements (empty for national)' }) codes: string[];
}

/** A scheme as the API answers it (the shape of API.md). */
export class SchemeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['national', 'tenant'], description: 'national: the platform’s; tenant: the reader’s tenant’s own' }) owner: 'national' | 'tenant';
  @ApiProperty() name: string;
  @ApiProperty() funder: string;
  @ApiProperty({ enum: SCHEME_KINDS }) kind: SchemeKind;
  @ApiProperty({ type: PerimeterView }) perimeter: PerimeterView;
  @ApiProperty({ enum: COMPANY_SIZES, isArray: true }) sizes: CompanySize[];
  @ApiProperty({ type: [String] }) nafInclude: string[];
  @ApiProperty({ type: [String] }) nafExclude: string[];
  @ApiProperty({ type: Number, nullable: true }) minCompanyAgeYears: number | null;
  @ApiProperty({ enum: PROJECT_STAGES, isArray: true }) stages: ProjectStage[];
  @ApiProperty({ enum: EXPENSE_TYPES, isArray: true }) expenseTypes: ExpenseType[];
  @ApiProperty(CENTS) amountMinCents: number | null;
  @ApiProperty(CENTS) amountMaxCents: number | null;
  @ApiProperty({ type: Number, nullable: true }) maxRatePercent: number | null;
  @ApiProperty() deMinimis: boolean;
  @ApiProperty(DATE) opensOn: string | null;
  @ApiProperty(DATE) predepositOn: string | null;
  @ApiProperty(DATE) closesOn: string | null;
  @ApiProperty({ enum: RECURRENCES }) recurrence: Recurrence;
  @ApiProperty({ enum: SCHEME_STATUSES }) status: SchemeStatus;
  @ApiProperty({ description: 'Closed by hand (PATCH status closed) whatever the dates' }) closedManually: boolean;
  @ApiProperty() sourceUrl: string;
  @ApiProperty(DATE) lastVerifiedAt: string | null;
  @ApiProperty() description: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export function schemeView(s: FinancingScheme): SchemeView {
  return {
    id: s.id,
    owner: s.tenantId === null ? 'national' : 'tenant',
    name: s.name,
    funder: s.funder,
    kind: s.kind,
    perimeter: { scope: s.perimeterScope, codes: s.perimeterCodes },
    sizes: s.sizes,
    nafInclude: s.nafInclude,
    nafExclude: s.nafExclude,
    minCompanyAgeYears: s.minCompanyAgeYears,
    stages: s.stages,
    expenseTypes: s.expenseTypes,
    amountMinCents: s.amountMinCents,
    amountMaxCents: s.amountMaxCents,
    maxRatePercent: s.maxRatePercent,
    deMinimis: s.deMinimis,
    opensOn: s.opensOn,
    predepositOn: s.predepositOn,
    closesOn: s.closesOn,
    recurrence: s.recurrence,
    status: s.status,
    closedManually: s.closedManually,
    sourceUrl: s.sourceUrl,
    lastVerifiedAt: s.lastVerifiedAt,
    description: s.description,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
