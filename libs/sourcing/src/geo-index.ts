/**
 * Planar kilometres for PostgreSQL's `point` GiST index: an equirectangular projection scaled at
 * 46.5°N (the middle of metropolitan France). Over metropolitan France, the planar distance is
 * within ±9 % of the great-circle distance (east-west stretch at the north and south edges), so
 * radius searches use a widened planar circle and then filter on the exact haversine distance;
 * "nearest first" order from the index is exact enough for ranking tiers.
 */
export const KM_PER_DEGREE_LAT = 110.574;
export const KM_PER_DEGREE_LON = 111.32 * Math.cos((46.5 * Math.PI) / 180);
/** Planar radius widening that covers the projection's worst stretch in France. */
export const PLANAR_RADIUS_FACTOR = 1.12;

export function planar(lat: number, lon: number): { x: number; y: number } {
  return { x: lon * KM_PER_DEGREE_LON, y: lat * KM_PER_DEGREE_LAT };
}

/** SQL expression of the planar point of `lat`/`lon` columns or parameters. */
export function planarSql(lat: string, lon: string): string {
  return `point((${lon}) * ${KM_PER_DEGREE_LON}, (${lat}) * ${KM_PER_DEGREE_LAT})`;
}

/** SQL haversine distance in km between two lat/lon pairs (same formula as reference-data). */
export function haversineSql(lat1: string, lon1: string, lat2: string, lon2: string): string {
  return `(2 * 6371.0088 * asin(least(1, sqrt(power(sin(radians(${lat2} - ${lat1}) / 2), 2) + cos(radians(${lat1})) * cos(radians(${lat2})) * power(sin(radians(${lon2} - ${lon1}) / 2), 2)))))`;
}

/**
 * "Nearest establishments of one NAF sous-classe" without a composite index: each sous-classe gets
 * its own tile of the plane, `naf_pos` = the planar point shifted by TILE_KM × tile number, and one
 * GiST index on `naf_pos` answers nearest-first within a sous-classe (a KNN search centred on the
 * site's point shifted into that tile). Tiles are far apart (the planar x of any French commune,
 * overseas included, spans far less than TILE_KM), so a circle never reaches the next tile.
 * The tile number comes from the code itself: '25.62B' → 2562 × 26 + 1.
 */
export const TILE_KM = 100_000;

export function nafTile(code: string): number | null {
  const m = /^(\d\d)\.(\d\d)([A-Z])$/.exec(code);
  return m ? Number(`${m[1]}${m[2]}`) * 26 + m[3].charCodeAt(0) - 65 : null;
}

/**
 * `pos` and `naf_pos` as PostgreSQL computes them (stored generated columns of `suppliers`, from
 * `lat` and `lon`): the planar point, and the planar point shifted by TILE_KM × `nafTile(naf_code)`
 * — the same double products and sums as `planar()` and `x + nafTile(code) * TILE_KM` here (the
 * tile is below 2^18, its product with TILE_KM exact); null without a point, or for `naf_pos`
 * without a sous-classe code. The database computes them as the rows come in: during a SIRENE load
 * that is the backend the COPY leaves half idle, while formatting those doubles was a good part of
 * the import process's work. Written as the migrations that made the columns wrote them (TypeORM
 * compares the two).
 */
export const POS_SQL = planarSql('lat', 'lon');
export const NAF_POS_SQL =
  "CASE WHEN naf_code ~ '^[0-9]{2}[.][0-9]{2}[A-Z]$' THEN point((lon) * " +
  `${KM_PER_DEGREE_LON} + ((substr(naf_code, 1, 2) || substr(naf_code, 4, 2))::integer * 26 + ascii(substr(naf_code, 6, 1)) - 65)::double precision * ${TILE_KM}, (lat) * ${KM_PER_DEGREE_LAT}) END`;
