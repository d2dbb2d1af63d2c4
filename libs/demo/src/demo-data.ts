import type { TenantRole } from '@filiere/platform/auth';
import { withLuhnKey } from '@filiere/reference-data';
import type { ProjectKind } from '@filiere/projects';

/** The one password of every demo account (printed by `npm start`). Demo only. */
export const DEMO_PASSWORD = 'Filiere-demo-2026!';

export interface DemoProject {
  title: string;
  summary: string;
  kind: ProjectKind;
  company: { sirenBase: string; name: string; nafCode: string; communeCode: string; sizeBand: string };
  products: { label: string; nafCode?: string; hsCode?: string }[];
  investmentCents: number;
  jobsPlanned: number;
}

export interface DemoTenant {
  slug: string;
  name: string;
  regionCode: string;
  short: string;
  users: { role: TenantRole; name: string }[];
  cohortName: string;
  projects: DemoProject[];
  /** Companies of the territory that want to buy locally (purchase relocalisation). */
  buyers?: DemoBuyer[];
}

export interface DemoBuyer {
  sirenBase: string;
  name: string;
  nafCode: string;
  communeCode: string;
  notes: string;
  categories: { nafCode?: string; label: string; annualVolumeCents?: number }[];
}

const users = (short: string): DemoTenant['users'] => [
  { role: 'admin', name: `Responsable programme ${short}` },
  { role: 'advisor', name: `Conseillère CCI ${short}` },
  { role: 'coach', name: `Coach industrie ${short}` },
  { role: 'holder', name: `Porteur de projet ${short}` },
  { role: 'partner', name: `Partenaire Région ${short}` },
];

/** Demo tenants and cohorts modelled on the programme's first cohorts (fictional companies). */
export const DEMO_TENANTS: DemoTenant[] = [
  {
    slug: 'cci-bfc',
    name: 'CCI Bourgogne-Franche-Comté',
    regionCode: '27',
    short: 'BFC',
    users: users('BFC'),
    cohortName: 'Accélérateur relocalisation — Promotion 1 BFC',
    projects: [
      { title: 'Pièces de centrales hydroélectriques', summary: 'Relocaliser la fabrication des roues Pelton et des aubages usinés aujourd’hui importés.', kind: 'activity', company: { sirenBase: '81234501', name: 'Hydro-Mécanique du Haut-Doubs', nafCode: '28.11Z', communeCode: '25462', sizeBand: '12' }, products: [{ label: 'Roues de turbine Pelton', nafCode: '28.11Z', hsCode: '841090' }], investmentCents: 180_000_000, jobsPlanned: 14 },
      { title: 'Usinage de précision 5 axes', summary: 'Reprendre en France l’usinage de pièces aéronautiques sous-traité hors d’Europe.', kind: 'activity', company: { sirenBase: '81234502', name: 'Usinage Précis Bisontin', nafCode: '25.62B', communeCode: '25056', sizeBand: '11' }, products: [{ label: 'Pièces usinées titane', nafCode: '25.62B' }], investmentCents: 95_000_000, jobsPlanned: 8 },
      { title: 'Capteurs industriels connectés', summary: 'Produire localement des capteurs de vibration jusqu’ici assemblés en Asie.', kind: 'company', company: { sirenBase: '81234503', name: 'Capteurs Belfortains', nafCode: '26.51B', communeCode: '90010', sizeBand: '12' }, products: [{ label: 'Capteurs de vibration', nafCode: '26.51B', hsCode: '903180' }], investmentCents: 60_000_000, jobsPlanned: 10 },
      { title: 'Composants micro-électroniques', summary: 'Ligne pilote de composants passifs pour l’industrie automobile.', kind: 'value_chain', company: { sirenBase: '81234504', name: 'Micro-Composants de Bourgogne', nafCode: '26.11Z', communeCode: '21231', sizeBand: '21' }, products: [{ label: 'Résistances de précision', nafCode: '26.11Z', hsCode: '853321' }], investmentCents: 420_000_000, jobsPlanned: 35 },
      { title: 'Fonderie avancée de pièces de fonte', summary: 'Moderniser une fonderie pour reprendre des pièces importées d’Inde.', kind: 'activity', company: { sirenBase: '81234505', name: 'Fonderie du Creusot Nouvelle', nafCode: '24.51Z', communeCode: '71153', sizeBand: '22' }, products: [{ label: 'Carters en fonte GS', nafCode: '24.51Z' }], investmentCents: 650_000_000, jobsPlanned: 40 },
      { title: 'GIE micro-électronique du Nord Franche-Comté', summary: 'Mutualiser l’assemblage de cartes électroniques entre PME du territoire.', kind: 'value_chain', company: { sirenBase: '81234506', name: 'GIE Cartes Électroniques Montbéliard', nafCode: '26.12Z', communeCode: '25388', sizeBand: '03' }, products: [{ label: 'Cartes électroniques assemblées', nafCode: '26.12Z', hsCode: '853400' }], investmentCents: 120_000_000, jobsPlanned: 12 },
      { title: 'Cobotique avec les fabricants de machines', summary: 'Concevoir et fabriquer des cellules cobotisées pour les PME régionales.', kind: 'company', company: { sirenBase: '81234507', name: 'Cobots de Saône', nafCode: '28.99B', communeCode: '71076', sizeBand: '11' }, products: [{ label: 'Cellules de palettisation cobotisées', nafCode: '28.99B' }], investmentCents: 75_000_000, jobsPlanned: 9 },
      { title: 'Décolletage pour le médical', summary: 'Rapatrier le décolletage de vis chirurgicales sous-traité en Suisse et en Chine.', kind: 'activity', company: { sirenBase: '81234508', name: 'Décolletage Jurassien', nafCode: '25.62A', communeCode: '39198', sizeBand: '12' }, products: [{ label: 'Vis chirurgicales', nafCode: '32.50A', hsCode: '902110' }], investmentCents: 110_000_000, jobsPlanned: 11 },
      { title: 'Pièces plastiques techniques biosourcées', summary: 'Remplacer des pièces injectées importées par des pièces en matériau biosourcé local.', kind: 'activity', company: { sirenBase: '81234509', name: 'Plasturgie Haute-Saône', nafCode: '22.29A', communeCode: '70550', sizeBand: '12' }, products: [{ label: 'Pièces injectées biosourcées', nafCode: '22.29A' }], investmentCents: 85_000_000, jobsPlanned: 7 },
      { title: 'Moteurs électriques pour la mobilité légère', summary: 'Bobinage et assemblage en France de moteurs pour vélos cargo.', kind: 'company', company: { sirenBase: '81234510', name: 'Moteurs de l’Yonne', nafCode: '27.11Z', communeCode: '89024', sizeBand: '11' }, products: [{ label: 'Moteurs roue 250 W', nafCode: '27.11Z', hsCode: '850131' }], investmentCents: 140_000_000, jobsPlanned: 16 },
    ],
    buyers: [
      { sirenBase: '81234601', name: 'Constructeur Ferroviaire du Territoire de Belfort', nafCode: '30.20Z', communeCode: '90010', notes: 'Veut ramener en région une partie de ses pièces usinées et de fonderie achetées en Europe de l’Est.', categories: [{ nafCode: '25.62', label: 'Pièces usinées', annualVolumeCents: 120_000_000 }, { nafCode: '24.51', label: 'Pièces de fonderie de fonte', annualVolumeCents: 80_000_000 }] },
      { sirenBase: '81234602', name: 'Équipementier Automobile du Pays de Montbéliard', nafCode: '29.32Z', communeCode: '25388', notes: 'Cherche des fournisseurs régionaux de composants électroniques et de pièces plastiques.', categories: [{ nafCode: '26.11', label: 'Composants électroniques', annualVolumeCents: 40_000_000 }, { nafCode: '22.29', label: 'Pièces plastiques injectées', annualVolumeCents: 30_000_000 }] },
    ],
  },
  {
    slug: 'cci-bretagne',
    name: 'CCI Bretagne',
    regionCode: '53',
    short: 'Bretagne',
    users: users('Bretagne'),
    cohortName: 'Accélérateur relocalisation — Promotion 1 Bretagne',
    projects: [
      { title: 'Textiles techniques pour la pêche', summary: 'Fabriquer à Lorient des filets techniques aujourd’hui importés.', kind: 'activity', company: { sirenBase: '82234501', name: 'Filets Techniques de Lorient', nafCode: '13.96Z', communeCode: '56121', sizeBand: '12' }, products: [{ label: 'Filets en polyamide recyclé', nafCode: '13.96Z' }], investmentCents: 70_000_000, jobsPlanned: 9 },
      { title: 'Ingrédients alimentaires à base d’algues', summary: 'Transformer localement des algues bretonnes en ingrédients pour l’agroalimentaire.', kind: 'value_chain', company: { sirenBase: '82234502', name: 'Algues et Ingrédients de Brest', nafCode: '10.89Z', communeCode: '29019', sizeBand: '11' }, products: [{ label: 'Alginates', nafCode: '20.16Z' }], investmentCents: 55_000_000, jobsPlanned: 6 },
      { title: 'Électronique embarquée marine', summary: 'Assembler à Rennes des cartes électroniques pour l’instrumentation marine.', kind: 'company', company: { sirenBase: '82234503', name: 'Électronique Marine Rennaise', nafCode: '26.12Z', communeCode: '35238', sizeBand: '21' }, products: [{ label: 'Cartes de sondeurs', nafCode: '26.12Z' }], investmentCents: 160_000_000, jobsPlanned: 18 },
    ],
    buyers: [
      { sirenBase: '82234601', name: 'Conserverie de la Pointe', nafCode: '10.20Z', communeCode: '29046', notes: 'Veut remplacer ses texturants importés par des ingrédients bretons.', categories: [{ nafCode: '20.16', label: 'Alginates et texturants', annualVolumeCents: 18_000_000 }, { nafCode: '25.92', label: 'Emballages métalliques légers', annualVolumeCents: 95_000_000 }] },
      { sirenBase: '82234602', name: 'Armement Pêche Lorientais', nafCode: '03.11Z', communeCode: '56121', notes: 'Renouvelle une partie de ses filets chaque saison.', categories: [{ nafCode: '13.96', label: 'Filets et chaluts', annualVolumeCents: 45_000_000 }] },
      { sirenBase: '82234603', name: 'Chantier Naval de Concarneau', nafCode: '30.11Z', communeCode: '29039', notes: 'Cherche des fournisseurs régionaux pour l’électronique de bord.', categories: [{ nafCode: '26.51', label: 'Instrumentation marine (sondeurs, sonars)', annualVolumeCents: 60_000_000 }, { nafCode: '26.12', label: 'Cartes électroniques', annualVolumeCents: 25_000_000 }] },
    ],
  },
];

/** Completes an 8-digit base into a valid SIREN (Luhn), then a SIRET with the given NIC base. */
export function demoSiret(sirenBase: string, nicBase = '0001'): string {
  return withLuhnKey(withLuhnKey(sirenBase) + nicBase);
}
