export type { Commune, Departement, Epci, Region } from './territories';
export {
  departementChefLieu,
  findCommune,
  findDepartement,
  findEpci,
  findRegion,
  listDepartements,
  listRegions,
  searchCommunes,
} from './territories';
export type { NafEntry, NafLevel } from './naf';
export {
  NAF_LEVELS,
  findNaf,
  isNafSousClasse,
  listNaf,
  nafAncestors,
  nafChildren,
  nafCloseness,
  normalizeNafCode,
  searchNaf,
} from './naf';
export { LA_POSTE_SIEGE_SIRET, LA_POSTE_SIREN, isValidSiren, isValidSiret, isValidSiretAt,
  withLuhnKey, vatNumberFromSiren } from './siren';
export type { HeadcountBand } from './headcount';
export { HEADCOUNT_BANDS, findHeadcountBand, headcountBandFor } from './headcount';
export type { CommunePoint, GeoPoint } from './geo';
export { communePoint, distanceKm } from './geo';
export { ReferenceDataError } from './internal';
export { warmUpReferenceData } from './warm-up';
export type { CommuneRow } from './commune-table';
export { communeTable } from './commune-table';
export { lambert93ToWgs84 } from './lambert';
