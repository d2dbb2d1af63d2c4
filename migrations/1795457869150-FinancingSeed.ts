import { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen copy of the national catalogue of FINANCING-SCHEMES.md (sources read on 2026-11-22).
// National schemes (tenant_id NULL) belong to the platform; later corrections come from the
// platform admin through the API, or as new migrations — never by editing this one.
// Amounts in cents; NAF prefixes may be a section letter ('C' = divisions 10 to 33).
interface Seed {
  id: string;
  name: string;
  funder: string;
  kind: string;
  scope: 'national' | 'regions' | 'departements';
  codes?: string[];
  sizes?: string[];
  nafInclude?: string[];
  minAge?: number;
  stages?: string[];
  expenses?: string[];
  min?: number;
  max?: number;
  rate?: number;
  deMinimis?: boolean;
  opensOn?: string;
  closesOn?: string;
  recurrence?: 'permanent' | 'annual' | 'one_off';
  closed?: boolean;
  url: string;
  description: string;
}

const K = 100_000; // 1 000 € in cents
const M = 100_000_000; // 1 M€ in cents

const SCHEMES: Seed[] = [
  { id: '5c0e0000-0000-4000-8000-000000000001', name: 'Prêt Croissance Industrie', funder: 'Bpifrance', kind: 'pret', scope: 'national', sizes: ['PME', 'ETI'], nafInclude: ['C', 'F'], minAge: 3, stages: ['realisation'], expenses: ['investissement', 'fonctionnement'], min: 500 * K, max: 5 * M, url: 'https://www.entreprises.cci-paris-idf.fr/web/financement/pret-croissance-industrie', description: 'Prêt sans garantie de 0,5 à 5 M€ (CCI Paris : dès 50 k€) pour les PME et ETI indépendantes de l’industrie manufacturière ou du BTP de plus de 3 ans en croissance (≥ 5 %/an) ; 7 ans dont 2 de différé, retenue de garantie de 5 %, cofinancement bancaire 1 pour 1.' },
  { id: '5c0e0000-0000-4000-8000-000000000002', name: 'Prêt Industrie PME', funder: 'Bpifrance', kind: 'pret', scope: 'national', sizes: ['PME'], nafInclude: ['C', '49', '50', '51', '52'], minAge: 3, stages: ['realisation'], expenses: ['investissement', 'fonctionnement'], min: 50 * K, max: 2 * M, url: 'https://les-aides.fr/aide/Zihv3w/bpifrance/pret-industrie-pme.html', description: 'Prêt de 50 k€ à 2 M€ pour les PME industrielles (NAF 10 à 33) et de transport-logistique (49 à 52) de plus de 3 ans : investissements immatériels, besoin en fonds de roulement, capacités de production.' },
  { id: '5c0e0000-0000-4000-8000-000000000003', name: 'Prêt Croissance', funder: 'Bpifrance', kind: 'pret', scope: 'national', sizes: ['PME', 'ETI'], minAge: 3, stages: ['realisation'], expenses: ['investissement', 'fonctionnement'], min: 50 * K, max: 5 * M, url: 'https://les-aides.fr/aide/Mpdv3w/bpifrance/pret-croissance.html', description: 'Prêt de 50 k€ à 5 M€ pour les PME et ETI de plus de 3 ans, sur 3 à 7 ans (10 ans pour l’industrie) dont 2 ans de différé.' },
  { id: '5c0e0000-0000-4000-8000-000000000004', name: 'Prêt Vert ADEME', funder: 'Bpifrance et ADEME', kind: 'pret', scope: 'national', sizes: ['PME'], minAge: 3, stages: ['realisation'], expenses: ['investissement'], min: 10 * K, max: 1 * M, url: 'https://www.bpifrance.fr/catalogue-offres/transition-ecologique-et-energetique/pret-vert-ademe', description: 'Prêt de 10 k€ à 1 M€ sur 2 à 10 ans pour les PME de plus de 3 ans (DROM compris), après un Diag Éco-Flux ou une aide de l’ADEME, pour des investissements de transition écologique.' },
  { id: '5c0e0000-0000-4000-8000-000000000005', name: 'Appel à projets « Première Usine » (France 2030)', funder: 'État / Bpifrance', kind: 'subvention', scope: 'national', sizes: ['TPE', 'PME'], stages: ['realisation'], expenses: ['investissement'], min: 5 * M, closesOn: '2026-12-31', recurrence: 'one_off', url: 'https://entreprisespaysdelaloire.fr/aide/65604-appel-a-projets-premiere-usine', description: 'Première industrialisation d’une start-up ou PME (ETI par exception) : programme de plus de 5 M€ sur 12 à 48 mois, aidé à 60 % en subvention et 40 % en avance récupérable. Ouvert jusqu’en 2026.' },
  { id: '5c0e0000-0000-4000-8000-000000000006', name: 'Appel à projets « (Re)localisation » secteurs critiques (France Relance)', funder: 'État / Bpifrance', kind: 'subvention', scope: 'national', stages: ['realisation'], expenses: ['investissement'], recurrence: 'one_off', closed: true, url: 'https://banquedesterritoires.fr/72-nouveaux-projets-laureats-pour-lappel-projets-relocalisations', description: 'Clôturé en 2021 (historique) : santé, agroalimentaire, électronique, intrants essentiels de l’industrie, 5G ; 477 lauréats, 846 M€ d’aides.' },
  { id: '5c0e0000-0000-4000-8000-000000000007', name: 'Fonds d’accélération des investissements industriels dans les territoires (Territoires d’industrie)', funder: 'État et Régions, instruit par Bpifrance', kind: 'subvention', scope: 'national', stages: ['realisation'], expenses: ['investissement'], min: 200 * K, recurrence: 'one_off', closed: true, url: 'https://draaf.normandie.agriculture.gouv.fr/soutien-a-l-investissement-industriel-dans-les-territoires-a2278.html', description: 'Clôturé. Toutes tailles d’entreprise, dépenses éligibles d’au moins 200 k€ sur 2 ans au plus, priorité aux Territoires d’industrie.' },
  { id: '5c0e0000-0000-4000-8000-000000000008', name: 'Rebond industriel (France 2030)', funder: 'État / Bpifrance / Banque des Territoires', kind: 'subvention', scope: 'national', stages: ['realisation'], expenses: ['investissement'], recurrence: 'one_off', url: 'https://assurance-export.bpifrance.fr/homepage', description: 'Subvention et avance récupérable pour des investissements matériels et immatériels mûrs (réalisés sous 2 ans) dans des territoires sélectionnés touchés par les mutations de l’automobile ; fonds de 90 M€. Vérifier que la commune est dans un territoire retenu.' },
  { id: '5c0e0000-0000-4000-8000-000000000009', name: 'Crédit d’impôt recherche (CIR)', funder: 'DGFiP', kind: 'credit_impot', scope: 'national', stages: ['reflexion', 'realisation'], expenses: ['fonctionnement'], rate: 30, recurrence: 'annual', url: 'https://bofip.impots.gouv.fr/bofip/6483-PGP.html', description: '30 % des dépenses de recherche jusqu’à 100 M€, 5 % au-delà (50 % dans les DOM).' },
  { id: '5c0e0000-0000-4000-8000-000000000010', name: 'Crédit d’impôt innovation (CII)', funder: 'DGFiP', kind: 'credit_impot', scope: 'national', sizes: ['PME'], stages: ['reflexion', 'realisation'], expenses: ['fonctionnement'], rate: 20, max: 80 * K, closesOn: '2027-12-31', recurrence: 'annual', url: 'https://legifiscal.fr/actualites-fiscales/4025-plf-2025-credit-impot-innovation-fin-proroge-taux-20.html', description: 'PME uniquement : 20 % (depuis la loi de finances 2025) des dépenses de conception de prototypes, dans la limite de 400 k€ par an ; jusqu’au 31/12/2027.' },
  { id: '5c0e0000-0000-4000-8000-000000000011', name: 'Crédit d’impôt au titre des investissements dans l’industrie verte (C3IV)', funder: 'DGFiP (agrément DGFiP / ADEME)', kind: 'credit_impot', scope: 'national', nafInclude: ['26.11', '27.11', '27.20', '27.90', '28.11', '28.25'], stages: ['realisation'], expenses: ['investissement'], rate: 60, closesOn: '2025-12-31', recurrence: 'one_off', url: 'https://m.compta-online.com/c3iv-credit-impot-industrie-verte-ar6988', description: 'Batteries, éolien, solaire, pompes à chaleur, leurs composants et matières premières : 20 % de base, jusqu’à 60 % ; pas de délocalisation hors de France pendant 5 ans. Agréments jusqu’au 31/12/2025. Codes NAF indicatifs.' },
  { id: '5c0e0000-0000-4000-8000-000000000012', name: 'Pack entreprise pour la relocalisation — Plan « 500 relocalisations » 2021-2028', funder: 'Région Grand Est', kind: 'accompagnement', scope: 'regions', codes: ['44'], opensOn: '2021-01-01', closesOn: '2028-12-31', url: 'https://www.grandest.fr/actualites/500-relocalisations-dentreprises-dici-2028/', description: 'Accompagnement et aides aux projets de relocalisation en Grand Est : substitution de fournisseurs, foncier (Star’Est) ; 500 k€ engagés.' },
  { id: '5c0e0000-0000-4000-8000-000000000013', name: 'Pack Relocalisation – soutien à l’investissement industriel', funder: 'Région Auvergne-Rhône-Alpes', kind: 'subvention', scope: 'regions', codes: ['84'], stages: ['realisation'], expenses: ['investissement'], url: 'https://mesaidespubliques.infogreffe.fr/aides/auvergne-rhone-alpes-pack-relocalisation-soutien-investissement-industriel', description: 'Toutes tailles, produits stratégiques ou vulnérables ; exclut le crédit-bail et les déménagements à l’intérieur de la région.' },
  { id: '5c0e0000-0000-4000-8000-000000000014', name: 'Impulsion Développement', funder: 'AD Normandie / Région Normandie (cofinancement FEDER)', kind: 'pret', scope: 'regions', codes: ['28'], nafInclude: ['C'], stages: ['realisation'], expenses: ['investissement'], min: 150 * K, max: 1 * M, rate: 25, url: 'https://adnormandie.fr/?p=247', description: 'Prêt à taux zéro (et jusqu’à 10 % de subvention) pour l’industrie et les services à l’industrie : programme d’au moins 150 k€ sur 2 ans, 25 % au plus (35 % si 30 emplois ou plus), plafond 1 M€, 5 ans + 2 ans de différé.' },
  { id: '5c0e0000-0000-4000-8000-000000000015', name: 'Impulsion Conseil', funder: 'AD Normandie', kind: 'subvention', scope: 'regions', codes: ['28'], sizes: ['TPE', 'PME'], stages: ['reflexion'], expenses: ['fonctionnement'], max: 15 * K, rate: 50, deMinimis: true, url: 'https://adnormandie.fr/financements-aux-entreprises/', description: 'TPE et PME : 50 % des prestations de conseil, 15 k€ par demande.' },
  { id: '5c0e0000-0000-4000-8000-000000000016', name: 'Impulsion Environnement', funder: 'AD Normandie', kind: 'pret', scope: 'regions', codes: ['28'], stages: ['realisation'], expenses: ['investissement'], min: 50 * K, max: 1 * M, rate: 50, url: 'https://adnormandie.fr/financements-aux-entreprises/', description: 'Prêt à taux zéro de 35 à 50 % et 0 à 10 % de subvention, pour un investissement d’au moins 50 k€, plafond 1 M€.' },
  { id: '5c0e0000-0000-4000-8000-000000000017', name: 'Aide à l’implantation d’entreprises', funder: 'Région Hauts-de-France', kind: 'subvention', scope: 'regions', codes: ['32'], sizes: ['PME', 'ETI', 'GE'], stages: ['realisation'], expenses: ['investissement'], url: 'https://les-aides.fr/aide/RjRPGSwMDA4v/region-hauts-de-france/aide-a-l-implantation-d-entreprises.html', description: 'Subvention et/ou prêt : PME créant au moins 20 emplois, grandes entreprises au moins 50 ; emplois maintenus 3 ou 5 ans.' },
  { id: '5c0e0000-0000-4000-8000-000000000018', name: 'Aide aux grands projets', funder: 'Région Hauts-de-France', kind: 'subvention', scope: 'regions', codes: ['32'], sizes: ['ETI', 'GE'], stages: ['realisation'], expenses: ['investissement'], min: 2 * M, url: 'https://guide-aides.hautsdefrance.fr/dispositif682', description: 'Entreprises hors PME : programme de plus de 2 M€ créant plus de 100 emplois (ETP) ; subvention, aide remboursable ou capital.' },
  { id: '5c0e0000-0000-4000-8000-000000000019', name: 'Avances remboursables PME et Fonds de relocalisation et de transition vers une économie décarbonée', funder: 'Région Bourgogne-Franche-Comté (ARDEA)', kind: 'avance_remboursable', scope: 'regions', codes: ['27'], sizes: ['TPE', 'PME'], stages: ['realisation'], expenses: ['investissement'], max: 250 * K, url: 'https://journal-du-palais.fr/au-sommaire/collectivites/78-7-millions-d-euros-engages-au-service-de-la-region', description: 'Avance remboursable à taux nul ou subvention pour les TPE et PME ; montants usuels de 50 à 250 k€ (votes des commissions).' },
  { id: '5c0e0000-0000-4000-8000-000000000020', name: 'INNO Sobriété / PASS Transition', funder: 'Région Bretagne', kind: 'subvention', scope: 'regions', codes: ['53'], stages: ['realisation'], expenses: ['investissement'], max: 100 * K, url: 'https://www.bretagne.bzh/actions/grands-projets/nos-priorites-2026/developpement-economique-agricole-et-maritime', description: 'INNO Sobriété jusqu’à 100 k€ (y compris pour relocaliser en Bretagne) ; PASS Transition jusqu’à 50 k€ pour les PME. Subvention ou avance.' },
  { id: '5c0e0000-0000-4000-8000-000000000021', name: 'INNO Avenir Filières (France 2030 régionalisé)', funder: 'État et Région Bretagne / Bpifrance', kind: 'subvention', scope: 'regions', codes: ['53'], stages: ['realisation'], expenses: ['investissement'], min: 200 * K, max: 5 * M, url: 'http://inno-avenir.bretagne.bzh/Structuration-des-filieres', description: 'Subvention et avance de 200 k€ à 5 M€ pour des capacités industrielles partagées par une filière.' },
  { id: '5c0e0000-0000-4000-8000-000000000022', name: 'Projets de filières (France 2030 régionalisé)', funder: 'État et Région Nouvelle-Aquitaine / Bpifrance', kind: 'subvention', scope: 'regions', codes: ['75'], stages: ['realisation'], expenses: ['investissement'], min: 400 * K, max: 5 * M, rate: 50, url: 'https://www.france2030-en-nouvelle-aquitaine.fr/?p=532', description: 'Subvention et avance récupérable de 200 k€ à 5 M€, 50 % au plus, pour un programme de plus de 400 k€ financé au moins à 30 % par le privé.' },
  { id: '5c0e0000-0000-4000-8000-000000000023', name: 'PM’up Jeunes pousses industrielles', funder: 'Région Île-de-France', kind: 'subvention', scope: 'regions', codes: ['11'], sizes: ['TPE', 'PME'], stages: ['realisation'], expenses: ['investissement'], max: 1 * M, rate: 50, url: 'https://www.iledefrance.fr/pmup-jeunes-pousses-industrielles', description: 'PME de moins de 250 salariés, première usine (décarbonée) : 50 % au plus, plafond 1 M€ (1,2 M€ en zones de reconquête).' },
  { id: '5c0e0000-0000-4000-8000-000000000024', name: 'ReL’Occ', funder: 'Région Occitanie / AD’OCC / ARIS', kind: 'accompagnement', scope: 'regions', codes: ['76'], url: 'https://www.laregion.fr/Avec-ReL-Occ-l-activite-se-relocalise-en-Occitanie', description: 'Accompagnement sur mesure des relocalisations (financement, immobilier, formation) : santé, agroalimentaire, énergies renouvelables, mobilités, numérique.' },
  { id: '5c0e0000-0000-4000-8000-000000000025', name: 'FEDER 2021-2027', funder: 'Union européenne, par les Régions', kind: 'subvention', scope: 'national', stages: ['realisation'], expenses: ['investissement'], opensOn: '2021-01-01', closesOn: '2027-12-31', url: 'https://www.finovup.fr/blog/le-feder-aide-europeenne-pour-les-initiatives-de-nos-regions/', description: 'Cofinancement européen des priorités compétitivité des PME et économie bas carbone, souvent à l’intérieur d’un dispositif régional (par exemple Impulsion Développement).' },
];

export class FinancingSeed1795457869150 implements MigrationInterface {
  name = 'FinancingSeed1795457869150';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const s of SCHEMES) {
      await queryRunner.query(
        `INSERT INTO financing_schemes (id, tenant_id, name, funder, kind, perimeter_scope, perimeter_codes, sizes, naf_include, min_company_age_years, stages, expense_types,
           amount_min_cents, amount_max_cents, max_rate_percent, de_minimis, opens_on, closes_on, recurrence, closed_manually, status, source_url, last_verified_at, description)
         VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::date, $17::date, $18, $19,
           CASE WHEN $19 OR $17::date < CURRENT_DATE THEN 'closed' WHEN $16::date > CURRENT_DATE THEN 'upcoming' ELSE 'open' END, $20, '2026-11-22', $21)
         ON CONFLICT (id) DO NOTHING`,
        [s.id, s.name, s.funder, s.kind, s.scope, s.codes ?? [], s.sizes ?? [], s.nafInclude ?? [], s.minAge ?? null, s.stages ?? [], s.expenses ?? [], s.min ?? null, s.max ?? null, s.rate ?? null, s.deMinimis ?? false, s.opensOn ?? null, s.closesOn ?? null, s.recurrence ?? 'permanent', s.closed ?? false, s.url, s.description],
      );
    }
    // A project whose eligibility inputs change gets its matches recomputed: the request is an
    // outbox row written in the same transaction (coalesced while one is still waiting).
    await queryRunner.query(`CREATE FUNCTION financing_project_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR (NEW.company_naf_code, NEW.company_commune_code, NEW.company_size_band, NEW.investment_cents, NEW.status)
       IS DISTINCT FROM (OLD.company_naf_code, OLD.company_commune_code, OLD.company_size_band, OLD.investment_cents, OLD.status) THEN
    INSERT INTO job_runs (tenant_id, name, queue, payload, max_attempts, dedup_key)
    VALUES (NEW.tenant_id, 'financing.match-project', 'default', jsonb_build_object('projectId', NEW.id), 3, 'financing.match-project:' || NEW.id)
    ON CONFLICT (dedup_key) WHERE dedup_key IS NOT NULL AND finished_at IS NULL DO NOTHING;
  END IF;
  RETURN NULL;
END $$`);
    await queryRunner.query(`CREATE TRIGGER projects_financing_changed AFTER INSERT OR UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION financing_project_changed()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER projects_financing_changed ON projects`);
    await queryRunner.query(`DROP FUNCTION financing_project_changed()`);
    await queryRunner.query(`DELETE FROM financing_schemes WHERE tenant_id IS NULL AND id::text LIKE '5c0e0000-0000-4000-8000-%'`);
  }
}
