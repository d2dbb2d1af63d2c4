import { FieldError } from '@filiere/platform/errors';
import { findCommune, findHeadcountBand, findNaf, isNafSousClasse, isValidSiret, normalizeNafCode } from '@filiere/reference-data';
import type { CompanyDto, ProductDto } from './projects.dto';

/**
 * Checks a company against the reference data (SIRET checksum with the La Poste rule, NAF
 * rév. 2 sous-classe, official commune list, SIRENE headcount bands) and returns it normalised,
 * or the list of field errors.
 */
export function validateCompany(company: CompanyDto, prefix = 'company'): { company: CompanyDto; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!isValidSiret(company.siret)) errors.push({ field: `${prefix}.siret`, message: 'not a valid SIRET (checksum fails)' });
  const naf = normalizeNafCode(company.nafCode);
  if (!naf || !isNafSousClasse(naf)) errors.push({ field: `${prefix}.nafCode`, message: `not a NAF rév. 2 sous-classe (e.g. 25.62B): "${company.nafCode}"` });
  if (!findCommune(company.communeCode)) errors.push({ field: `${prefix}.communeCode`, message: `not in the official commune list: "${company.communeCode}"` });
  if (company.sizeBand !== undefined && !findHeadcountBand(company.sizeBand)) errors.push({ field: `${prefix}.sizeBand`, message: `unknown headcount band "${company.sizeBand}"` });
  return { company: { ...company, nafCode: naf ?? company.nafCode }, errors };
}

export function validateProducts(products: ProductDto[]): { products: ProductDto[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const normalised = products.map((p, i) => {
    if (p.nafCode === undefined) return { label: p.label, ...(p.hsCode ? { hsCode: p.hsCode } : {}) };
    const code = normalizeNafCode(p.nafCode);
    if (!code || !findNaf(code)) errors.push({ field: `products.${i}.nafCode`, message: `not a NAF rév. 2 code: "${p.nafCode}"` });
    return { label: p.label, nafCode: code ?? p.nafCode, ...(p.hsCode ? { hsCode: p.hsCode } : {}) };
  });
  return { products: normalised, errors };
}
