import { communePoint, findCommune, listNaf, normalizeNafCode } from '@filiere/reference-data';
import { haversineSql, nafTile, PLANAR_RADIUS_FACTOR, planar, TILE_KM } from './geo-index';
import { CandidateFacts, foldKeyword, likeContaining, Need, NeedSite, rankCandidates, RankedCandidate } from './ranking';

/** Anything that runs SQL with positional parameters (TypeORM DataSource, EntityManager, a pg wrapper). */
export interface Queryable {
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
}

/** How many nearest establishments each keyword (or, without a site location, each NAF tier) contributes. */
export const PER_TIER = 200;
/**
 * How many nearest establishments of each sous-classe of the requested divisions are ranked: the
 * closer the sous-classe to a requested code, the more (its establishments score more points).
 */
export const PER_SOUS_CLASSE = { sousClasse: 100, classe: 50, groupe: 25, division: 12 } as const;

function perSousClasse(code: string, requested: string[]): number {
  // A requested code at any level (division '25', groupe '25.6'…) covers its sous-classes in full.
  if (requested.some((r) => code.startsWith(r))) return PER_SOUS_CLASSE.sousClasse;
  if (requested.some((r) => r.slice(0, 5) === code.slice(0, 5))) return PER_SOUS_CLASSE.classe;
  if (requested.some((r) => r.slice(0, 4) === code.slice(0, 4))) return PER_SOUS_CLASSE.groupe;
  return PER_SOUS_CLASSE.division;
}

export interface SearchInput {
  tenantId: string;
  direction: 'upstream' | 'downstream';
  nafCodes: string[];
  keywords: string[];
  sizeBands: string[];
  radiusKm: number;
  /** The project's site. */
  siteSiret: string | null;
  siteCommuneCode: string | null;
  /** Activities of the project (company NAF, products' NAF) for buyers' purchase categories. */
  projectNafCodes: string[];
}

interface SupplierRow {
  siret: string;
  name: string | null;
  enseigne: string | null;
  naf_code: string | null;
  commune_code: string | null;
  epci_code: string | null;
  departement_code: string | null;
  region_code: string | null;
  size_band: string | null;
  search_text: string;
  distance_km: number | null;
}

const COLUMNS = `s.siret, s.name, s.enseigne, s.naf_code, s.commune_code, s.epci_code, s.departement_code, s.region_code, s.size_band, s.search_text`;

/** The prefix range of a NAF code at each level from its own up to its division: '25.62B' → 25.62B, 25.62, 25.6, 25. */
export function nafTiers(code: string): string[] {
  const c = normalizeNafCode(code) ?? code;
  const tiers = [c];
  if (c.length === 6) tiers.push(c.slice(0, 5));
  if (c.length >= 5) tiers.push(c.slice(0, 4));
  if (c.length >= 4) tiers.push(c.slice(0, 2));
  return [...new Set(tiers)];
}

export function siteOf(siteSiret: string | null, communeCode: string | null): NeedSite & { lat: number | null; lon: number | null } {
  const commune = communeCode ? findCommune(communeCode) : undefined;
  const point = communeCode ? communePoint(communeCode) : undefined;
  return {
    siren: siteSiret ? siteSiret.slice(0, 9) : null,
    communeCode: commune?.code ?? null,
    communeName: commune?.name ?? null,
    epciCode: commune?.epciCode ?? null,
    departementCode: commune?.departementCode ?? null,
    regionCode: commune?.regionCode ?? null,
    lat: point?.lat ?? null,
    lon: point?.lon ?? null,
  };
}

/**
 * Candidate retrieval for a need, in one round trip: for each sous-classe of the requested codes'
 * divisions, its nearest active establishments within the radius (PER_SOUS_CLASSE: more for the closer ones; its tile of the
 * naf_pos GiST index, nearest first), which covers every closeness level from the sous-classe to
 * the division; for each keyword the nearest
 * whose name matches (trigram index); the tenant's annotated companies whose declared capabilities
 * match. Then the pure ranking keeps the best TOP_CANDIDATES.
 */
export async function searchCandidates(db: Queryable, input: SearchInput): Promise<RankedCandidate[]> {
  const site = siteOf(input.siteSiret, input.siteCommuneCode);
  const need: Need = { nafCodes: input.nafCodes, keywords: input.keywords, sizeBands: input.sizeBands, radiusKm: input.radiusKm, site };
  const params: unknown[] = [];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const located = site.lat !== null && site.lon !== null;
  let geoWhere = '';
  let order = 's.siret';
  let distance = 'NULL::double precision';
  const branches: string[] = [];
  const prefixes = [...new Set(input.nafCodes.flatMap(nafTiers))];
  if (located) {
    const { x, y } = planar(site.lat as number, site.lon as number);
    let radiusParam: string | undefined;
    const radius = (): string => (radiusParam ??= `${p(input.radiusKm * PLANAR_RADIUS_FACTOR)}::float8`);
    distance = haversineSql(`${p(site.lat)}::float8`, `${p(site.lon)}::float8`, 's.lat', 's.lon');
    if (input.keywords.length) {
      // Only for the keyword branches (an unused parameter has no type for PostgreSQL).
      const centre = `point(${p(x)}::float8, ${p(y)}::float8)`;
      geoWhere = ` AND s.pos IS NOT NULL AND s.pos <@ circle(${centre}, ${radius()})`;
      order = `s.pos <-> ${centre}`;
    }
    // Each sous-classe under the requested codes' divisions: its nearest, from its own tile of the naf_pos index.
    const divisions = [...new Set(input.nafCodes.map((c) => (normalizeNafCode(c) ?? c).slice(0, 2)))];
    const sousClasses = listNaf('sous-classe').filter((n) => divisions.includes(n.code.slice(0, 2)));
    const requested = input.nafCodes.map((c) => normalizeNafCode(c) ?? c);
    for (const sc of sousClasses) {
      const tile = nafTile(sc.code);
      if (tile === null) continue;
      const limit = perSousClasse(sc.code, requested);
      const tileCentre = `point(${p(x + tile * TILE_KM)}::float8, ${p(y)}::float8)`;
      branches.push(`(SELECT ${COLUMNS}, ${distance} AS distance_km FROM suppliers s
        WHERE s.active AND s.naf_pos <@ circle(${tileCentre}, ${radius()}) ORDER BY s.naf_pos <-> ${tileCentre} LIMIT ${limit})`);
    }
  } else {
    for (const prefix of prefixes) {
      branches.push(`(SELECT ${COLUMNS}, ${distance} AS distance_km FROM suppliers s
        WHERE s.active AND s.naf_code >= ${p(prefix)} AND s.naf_code < ${p(`${prefix}~`)} ORDER BY s.siret LIMIT ${PER_TIER})`);
    }
  }
  for (const keyword of input.keywords) {
    const k = foldKeyword(keyword);
    if (k.length < 3) continue;
    branches.push(`(SELECT ${COLUMNS}, ${distance} AS distance_km FROM suppliers s
      WHERE s.active AND s.search_text LIKE ${p(likeContaining(k))}${geoWhere} ORDER BY ${order} LIMIT ${PER_TIER})`);
  }
  if (input.keywords.length) {
    const patterns = input.keywords.map(likeContaining);
    branches.push(`(SELECT ${COLUMNS}, ${distance} AS distance_km FROM suppliers s
      JOIN supplier_annotations a ON a.siret = s.siret AND a.tenant_id = ${p(input.tenantId)}
      WHERE s.active AND lower(unaccent(a.capabilities::text)) LIKE ANY (${p(patterns)}::text[])${geoWhere} LIMIT ${PER_TIER})`);
  }
  const buyers = input.direction === 'downstream' ? await buyerLinks(db, input) : new Map<string, BuyerLink>();
  if (buyers.size) {
    branches.push(`(SELECT ${COLUMNS}, ${distance} AS distance_km FROM suppliers s WHERE s.siret = ANY (${p([...buyers.keys()])}::char(14)[]))`);
  }
  if (branches.length === 0) return [];
  const rows = await db.query<SupplierRow[]>(branches.join('\nUNION ALL\n'), params);
  const sirets = [...new Set(rows.map((r) => r.siret))];
  const annotations = sirets.length
    ? await db.query<{ siret: string; capabilities: string[]; certifications: string[] }[]>(
        `SELECT siret, capabilities, certifications FROM supplier_annotations WHERE tenant_id = $1 AND siret = ANY ($2::char(14)[])`,
        [input.tenantId, sirets],
      )
    : [];
  const bySiret = new Map(annotations.map((a) => [a.siret, a]));
  const facts: CandidateFacts[] = rows.map((r) => {
    const a = bySiret.get(r.siret);
    const buyer = buyers.get(r.siret);
    return {
      siret: r.siret,
      name: r.name ?? r.enseigne ?? `Établissement ${r.siret}`,
      nafCode: r.naf_code,
      communeCode: r.commune_code,
      communeName: r.commune_code ? (findCommune(r.commune_code)?.name ?? null) : null,
      epciCode: r.epci_code,
      departementCode: r.departement_code,
      regionCode: r.region_code,
      sizeBand: r.size_band,
      distanceKm: r.distance_km === null ? null : Math.round(r.distance_km * 10) / 10,
      searchText: r.search_text,
      capabilities: a?.capabilities ?? [],
      certifications: a?.certifications ?? [],
      buyer: buyer ? { id: buyer.id, categories: buyer.categories } : null,
    };
  });
  return rankCandidates(need, facts);
}

interface BuyerLink {
  id: string;
  categories: string[];
}

/**
 * Buyers of the tenant whose declared purchase categories concern the project: a category NAF in
 * the same division as one of the project's activities or of the request's codes, or a label
 * containing a keyword.
 */
async function buyerLinks(db: Queryable, input: SearchInput): Promise<Map<string, BuyerLink>> {
  const divisions = [...new Set([...input.projectNafCodes, ...input.nafCodes].map((c) => (normalizeNafCode(c) ?? c).slice(0, 2)).filter((d) => /^\d\d$/.test(d)))];
  const patterns = input.keywords.map(likeContaining);
  const rows = await db.query<{ buyer_id: string; siret: string; label: string }[]>(
    `SELECT b.id AS buyer_id, b.siret, c.label FROM buyers b JOIN buyer_purchase_categories c ON c.buyer_id = b.id AND c.tenant_id = b.tenant_id
     WHERE b.tenant_id = $1 AND (left(c.naf_code, 2) = ANY ($2::text[]) OR lower(unaccent(c.label)) LIKE ANY ($3::text[]))
     ORDER BY b.siret, c.created_at`,
    [input.tenantId, divisions, patterns],
  );
  const out = new Map<string, BuyerLink>();
  for (const r of rows) {
    const link = out.get(r.siret) ?? { id: r.buyer_id, categories: [] };
    link.categories.push(r.label);
    out.set(r.siret, link);
  }
  return out;
}
