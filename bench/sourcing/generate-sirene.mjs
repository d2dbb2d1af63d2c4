#!/usr/bin/env node
// Writes a file in the exact INSEE StockEtablissement format (header and column order of the
// data.gouv.fr stock), with real communes (weighted by population) and real NAF rév. 2
// sous-classes, deterministic for a given seed.
//   node bench/sourcing/generate-sirene.mjs <rows> <out.csv> [--seed N] [--closed 0.1] [--partial 0.02]
import { createWriteStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { once } from 'node:events';

const require = createRequire(import.meta.url);
export const HEADER = 'siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,trancheEffectifsEtablissement,anneeEffectifsEtablissement,activitePrincipaleRegistreMetiersEtablissement,dateDernierTraitementEtablissement,etablissementSiege,nombrePeriodesEtablissement,complementAdresseEtablissement,numeroVoieEtablissement,indiceRepetitionEtablissement,dernierNumeroVoieEtablissement,indiceRepetitionDernierNumeroVoieEtablissement,typeVoieEtablissement,libelleVoieEtablissement,codePostalEtablissement,libelleCommuneEtablissement,libelleCommuneEtrangerEtablissement,distributionSpecialeEtablissement,codeCommuneEtablissement,codeCedexEtablissement,libelleCedexEtablissement,codePaysEtrangerEtablissement,libellePaysEtrangerEtablissement,identifiantAdresseEtablissement,coordonneeLambertAbscisseEtablissement,coordonneeLambertOrdonneeEtablissement,complementAdresse2Etablissement,numeroVoie2Etablissement,indiceRepetition2Etablissement,typeVoie2Etablissement,libelleVoie2Etablissement,codePostal2Etablissement,libelleCommune2Etablissement,libelleCommuneEtranger2Etablissement,distributionSpeciale2Etablissement,codeCommune2Etablissement,codeCedex2Etablissement,libelleCedex2Etablissement,codePays2Etablissement,libellePays2Etablissement,dateDebut,etatAdministratifEtablissement,enseigne1Etablissement,enseigne2Etablissement,enseigne3Etablissement,denominationUsuelleEtablissement,activitePrincipaleEtablissement,nomenclatureActivitePrincipaleEtablissement,caractereEmployeurEtablissement,activitePrincipaleNAF25Etablissement';
const COLUMNS = HEADER.split(',');
const BANDS = ['NN', '00', '01', '02', '03', '11', '12', '21', '22', '31', '32', '41', '42'];
const WORDS = ['Mécanique', 'Usinage', 'Fonderie', 'Plasturgie', 'Électronique', 'Capteurs', 'Robotique', 'Précision', 'Industrie', 'Atelier', 'Tôlerie', 'Hydraulique', 'Composites', 'Textile', 'Bois', 'Métal', 'Chaudronnerie', 'Découpe', 'Soudure', 'Traitement'];
const PLACES = ['du Jura', 'de Bretagne', 'Bourguignonne', 'du Doubs', 'de l\'Ouest', 'Comtoise', 'du Rhône', 'Armoricaine', 'de Loire', 'des Vosges'];

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function luhnKey(base) {
  for (let k = 0; k < 10; k += 1) {
    const s = `${base}${k}`;
    let sum = 0;
    for (let i = 0; i < s.length; i += 1) {
      let d = s.charCodeAt(s.length - 1 - i) - 48;
      if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    if (sum % 10 === 0) return s;
  }
  throw new Error('unreachable');
}

export function loadReference() {
  const communes = JSON.parse(readFileSync(require.resolve('@etalab/decoupage-administratif/data/communes.json'), 'utf8'))
    .filter((c) => c.type === 'commune-actuelle' && c.population > 0 && c.codesPostaux?.length);
  const cumulative = [];
  let total = 0;
  for (const c of communes) { total += c.population; cumulative.push(total); }
  const naf = require('@socialgouv/codes-naf').filter((n) => /^\d\d\.\d\d[A-Z]$/.test(n.id)).map((n) => n.id);
  return { communes, cumulative, total, naf };
}

export function pickCommune(ref, rnd) {
  const target = rnd() * ref.total;
  let lo = 0, hi = ref.cumulative.length - 1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (ref.cumulative[mid] < target) lo = mid + 1; else hi = mid; }
  return ref.communes[lo];
}

function csv(value) {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One row as an array in COLUMNS order. `i` makes the SIREN unique. */
export function makeRow(ref, rnd, i, opts = {}) {
  const siren = luhnKey(String(100000000 + i).slice(1, 9));
  const siret = luhnKey(`${siren}0001`);
  const nic = siret.slice(9);
  const c = pickCommune(ref, rnd);
  const closed = rnd() < (opts.closed ?? 0.1);
  const partial = rnd() < (opts.partial ?? 0.02);
  const naf = ref.naf[Math.floor(rnd() * ref.naf.length)];
  const name = `${WORDS[Math.floor(rnd() * WORDS.length)]} ${PLACES[Math.floor(rnd() * PLACES.length)]} ${i}`;
  const row = Object.fromEntries(COLUMNS.map((k) => [k, '']));
  Object.assign(row, {
    siren, nic, siret,
    statutDiffusionEtablissement: partial ? 'P' : 'O',
    dateCreationEtablissement: `${1960 + Math.floor(rnd() * 65)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
    trancheEffectifsEtablissement: BANDS[Math.floor(rnd() * BANDS.length)],
    anneeEffectifsEtablissement: '2023',
    dateDernierTraitementEtablissement: '2025-11-02T09:15:01',
    etablissementSiege: rnd() < 0.7 ? 'true' : 'false',
    nombrePeriodesEtablissement: '2',
    numeroVoieEtablissement: partial ? '[ND]' : String(1 + Math.floor(rnd() * 120)),
    typeVoieEtablissement: partial ? '[ND]' : 'RUE',
    libelleVoieEtablissement: partial ? '[ND]' : 'DE L\'INDUSTRIE',
    codePostalEtablissement: partial ? '[ND]' : c.codesPostaux[0],
    libelleCommuneEtablissement: partial ? '[ND]' : c.nom.toUpperCase(),
    codeCommuneEtablissement: partial ? '[ND]' : c.code,
    coordonneeLambertAbscisseEtablissement: partial ? '[ND]' : '',
    coordonneeLambertOrdonneeEtablissement: partial ? '[ND]' : '',
    dateDebut: '2020-01-01',
    etatAdministratifEtablissement: closed ? 'F' : 'A',
    enseigne1Etablissement: partial ? '[ND]' : (rnd() < 0.3 ? name.toUpperCase() : ''),
    denominationUsuelleEtablissement: partial ? '[ND]' : (rnd() < 0.5 ? name : ''),
    activitePrincipaleEtablissement: naf,
    nomenclatureActivitePrincipaleEtablissement: 'NAFv2',
    caractereEmployeurEtablissement: rnd() < 0.6 ? 'O' : 'N',
  });
  return COLUMNS.map((k) => row[k]);
}

export function rowToCsv(values) {
  return values.map(csv).join(',');
}

async function main() {
  const [rowsArg, out, ...rest] = process.argv.slice(2);
  if (!rowsArg || !out) {
    console.error('usage: generate-sirene.mjs <rows> <out.csv> [--seed N]');
    process.exit(2);
  }
  const flag = (name, dflt) => { const i = rest.indexOf(name); return i >= 0 ? Number(rest[i + 1]) : dflt; };
  const rows = Number(rowsArg);
  const rnd = mulberry32(flag('--seed', 42));
  const ref = loadReference();
  const stream = createWriteStream(out);
  stream.write(`${HEADER}\n`);
  let buf = [];
  for (let i = 0; i < rows; i += 1) {
    buf.push(rowToCsv(makeRow(ref, rnd, i + 1, { closed: flag('--closed', 0.1), partial: flag('--partial', 0.02) })));
    if (buf.length === 5000) {
      if (!stream.write(`${buf.join('\n')}\n`)) await once(stream, 'drain');
      buf = [];
    }
  }
  if (buf.length) stream.write(`${buf.join('\n')}\n`);
  stream.end();
  await once(stream, 'finish');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => { console.error(e); process.exit(1); });
}
