import { findCommune } from '@filiere/reference-data';
import { evaluateEligibility, Eligibility, ProjectFacts, SchemeRules } from './eligibility';
import type { ExpenseType, ProjectStage } from './scheme-rules';

/** A scheme as the matcher reads it (one row of financing_schemes). */
export interface MatchableScheme extends SchemeRules {
  id: string;
  tenantId: string | null;
  name: string;
}

/** A project as the matcher reads it (projects ⟕ project_financing_profiles). */
export interface MatchableProject extends ProjectFacts {
  id: string;
  tenantId: string;
}

export interface ProjectMatch extends Eligibility {
  schemeId: string;
}

/**
 * The catalogue indexed by who may see a scheme and where it applies, so that a project is only
 * evaluated against the schemes of its tenant (and the national ones) whose perimeter may cover it.
 */
export class SchemeIndex {
  private readonly national = new Map<string, MatchableScheme[]>();
  private readonly byRegion = new Map<string, MatchableScheme[]>();
  private readonly byDepartement = new Map<string, MatchableScheme[]>();
  private readonly territorial = new Map<string, MatchableScheme[]>();

  constructor(readonly schemes: MatchableScheme[]) {
    const push = (map: Map<string, MatchableScheme[]>, key: string, s: MatchableScheme): void => {
      const list = map.get(key);
      if (list) list.push(s);
      else map.set(key, [s]);
    };
    for (const s of schemes) {
      const owner = s.tenantId ?? '*';
      if (s.perimeterScope === 'national') push(this.national, owner, s);
      else {
        push(this.territorial, owner, s);
        for (const code of new Set(s.perimeterCodes)) push(s.perimeterScope === 'regions' ? this.byRegion : this.byDepartement, `${owner}|${code}`, s);
      }
    }
  }

  /** The schemes that may concern a project: national ones, and territorial ones covering its commune (all of them when the commune is unknown). */
  candidates(project: Pick<MatchableProject, 'tenantId' | 'communeCode'>): MatchableScheme[] {
    const out: MatchableScheme[] = [];
    const commune = project.communeCode ? findCommune(project.communeCode) : undefined;
    for (const owner of ['*', project.tenantId]) {
      out.push(...(this.national.get(owner) ?? []));
      if (!commune) out.push(...(this.territorial.get(owner) ?? []));
      else {
        out.push(...(this.byRegion.get(`${owner}|${commune.regionCode}`) ?? []));
        out.push(...(this.byDepartement.get(`${owner}|${commune.departementCode}`) ?? []));
      }
    }
    return out;
  }
}

/** Evaluates a project against the schemes that may concern it. */
export function matchProject(project: MatchableProject, index: SchemeIndex, today: string): ProjectMatch[] {
  return index.candidates(project).map((s) => ({ schemeId: s.id, ...evaluateEligibility(project, s, today) }));
}

/** Rows of `financing_schemes` (snake_case, as pg returns them) → the matcher's shape. */
export interface SchemeRow {
  id: string;
  tenant_id: string | null;
  name: string;
  perimeter_scope: MatchableScheme['perimeterScope'];
  perimeter_codes: string[];
  sizes: MatchableScheme['sizes'];
  naf_include: string[];
  naf_exclude: string[];
  min_company_age_years: number | null;
  stages: ProjectStage[];
  expense_types: ExpenseType[];
  amount_min_cents: string | null;
  opens_on: string | null;
  closes_on: string | null;
  closed_manually: boolean;
}

export const SCHEME_ROW_SQL = `SELECT id, tenant_id, name, perimeter_scope, perimeter_codes, sizes, naf_include, naf_exclude, min_company_age_years, stages, expense_types,
  amount_min_cents, to_char(opens_on, 'YYYY-MM-DD') AS opens_on, to_char(closes_on, 'YYYY-MM-DD') AS closes_on, closed_manually FROM financing_schemes`;

export function schemeFromRow(r: SchemeRow): MatchableScheme {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    name: r.name,
    perimeterScope: r.perimeter_scope,
    perimeterCodes: r.perimeter_codes,
    sizes: r.sizes,
    nafInclude: r.naf_include,
    nafExclude: r.naf_exclude,
    minCompanyAgeYears: r.min_company_age_years,
    stages: r.stages,
    expenseTypes: r.expense_types,
    amountMinCents: r.amount_min_cents === null ? null : Number(r.amount_min_cents),
    opensOn: r.opens_on,
    closesOn: r.closes_on,
    closedManually: r.closed_manually,
  };
}

export interface ProjectRow {
  id: string;
  tenant_id: string;
  naf: string | null;
  commune: string | null;
  size_band: string | null;
  investment_cents: string | null;
  category: 'PME' | 'ETI' | 'GE' | null;
  created_on: string | null;
  stage: ProjectStage | null;
  expense_types: ExpenseType[] | null;
}

export const PROJECT_ROW_SQL = `SELECT p.id, p.tenant_id, p.company_naf_code AS naf, p.company_commune_code AS commune, p.company_size_band AS size_band, p.investment_cents,
  f.company_category AS category, to_char(f.company_created_on, 'YYYY-MM-DD') AS created_on, f.stage, f.expense_types
  FROM projects p LEFT JOIN project_financing_profiles f ON f.project_id = p.id AND f.tenant_id = p.tenant_id`;

export function projectFromRow(r: ProjectRow): MatchableProject {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    nafCode: r.naf,
    communeCode: r.commune,
    sizeBand: r.size_band,
    companyCategory: r.category,
    companyCreatedOn: r.created_on,
    stage: r.stage,
    expenseTypes: r.expense_types ?? [],
    investmentCents: r.investment_cents === null ? null : Number(r.investment_cents),
  };
}
