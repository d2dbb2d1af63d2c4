import { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen copy of the national retro-planning (DOMAIN.md): offsets in days from the cohort start.
// Later changes to the methodology come as new migrations, never by editing this one.
const TEMPLATES = [
  { key: 'lancement', phase: 'Cadrage', title: 'Réunion de lancement', offsetDays: 0, durationDays: 3 },
  { key: 'diagnostic', phase: 'Cadrage', title: 'Diagnostic de l’entreprise et du projet', offsetDays: 0, durationDays: 14 },
  { key: 'produit_defini', phase: 'Cadrage', title: 'Produit à relocaliser défini', offsetDays: 7, durationDays: 7 },
  { key: 'besoins_amont', phase: 'Sourcing amont', title: 'Besoins amont listés (matières, composants)', offsetDays: 14, durationDays: 14 },
  { key: 'fournisseurs_identifies', phase: 'Sourcing amont', title: 'Fournisseurs locaux identifiés', offsetDays: 21, durationDays: 21 },
  { key: 'fournisseurs_contactes', phase: 'Sourcing amont', title: 'Fournisseurs locaux contactés', offsetDays: 35, durationDays: 21 },
  { key: 'canaux_aval', phase: 'Sourcing aval', title: 'Canaux de distribution identifiés', offsetDays: 14, durationDays: 28 },
  { key: 'acheteurs_identifies', phase: 'Sourcing aval', title: 'Acheteurs et donneurs d’ordre identifiés', offsetDays: 28, durationDays: 28 },
  { key: 'etude_marche_lancee', phase: 'Étude de marché', title: 'Étude de marché lancée avec l’école', offsetDays: 21, durationDays: 14 },
  { key: 'etude_marche_rendue', phase: 'Étude de marché', title: 'Étude de marché rendue par les étudiants et enseignants-chercheurs', offsetDays: 35, durationDays: 35 },
  { key: 'modele_technologique', phase: 'Modèle', title: 'Modèle technologique (procédé, matériaux, circularité)', offsetDays: 42, durationDays: 42 },
  { key: 'modele_economique', phase: 'Modèle', title: 'Modèle économique', offsetDays: 56, durationDays: 42 },
  { key: 'pitch', phase: 'Ateliers intensifs', title: 'Pitch préparé', offsetDays: 98, durationDays: 12 },
  { key: 'ateliers_intensifs', phase: 'Ateliers intensifs', title: 'Ateliers intensifs (deux jours) : pitch, évaluation des partenaires, prix', offsetDays: 112, durationDays: 2 },
  { key: 'cadrage_final', phase: 'Suite', title: 'Cadrage final du projet', offsetDays: 114, durationDays: 30 },
  { key: 'plan_investissement', phase: 'Suite', title: 'Plan d’investissement chiffré', offsetDays: 114, durationDays: 42 },
  { key: 'financements_identifies', phase: 'Suite', title: 'Dispositifs de financement identifiés', offsetDays: 120, durationDays: 48 },
];

export class NationalMethodology1795451300000 implements MigrationInterface {
  name = 'NationalMethodology1795451300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO programmes (id, tenant_id, name, description, milestone_templates)
       VALUES ($1, NULL, $2, $3, $4::jsonb) ON CONFLICT (id) DO NOTHING`,
      [
        '00000000-0000-4000-8000-000000000001',
        'Accélérateur relocalisation — méthode nationale',
        'Rétroplanning national commun aux CCI : cadrage, sourcing amont et aval, étude de marché, modèle technologique et économique, ateliers intensifs, puis cadrage final, plan d’investissement et financements. Copiez-le pour l’adapter à votre région.',
        JSON.stringify(TEMPLATES),
      ],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM programmes WHERE id = '00000000-0000-4000-8000-000000000001'`);
  }
}
