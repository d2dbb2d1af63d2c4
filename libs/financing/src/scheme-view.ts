import type { FinancingScheme } from './financing.entities';
import type { CompanySize, ExpenseType, PerimeterScope, ProjectStage, Recurrence, SchemeKind, SchemeStatus } from './scheme-rules';

/** A scheme as the API answers it (the shape of API.md). */
export interface SchemeView {
  id: string;
  /** national: the platform's; tenant: the reader's tenant's own. */
  owner: 'national' | 'tenant';
  name: string;
  funder: string;
  kind: SchemeKind;
  perimeter: { scope: PerimeterScope; codes: string[] };
  sizes: CompanySize[];
  nafInclude: string[];
  nafExclude: string[];
  minCompanyAgeYears: number | null;
  stages: ProjectStage[];
  expenseTypes: ExpenseType[];
  amountMinCents: number | null;
  amountMaxCents: number | null;
  maxRatePercent: number | null;
  deMinimis: boolean;
  opensOn: string | null;
  predepositOn: string | null;
  closesOn: string | null;
  recurrence: Recurrence;
  status: SchemeStatus;
  closedManually: boolean;
  sourceUrl: string;
  lastVerifiedAt: string | null;
  description: string;
  createdAt: string;
  updatedAt: string;
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
