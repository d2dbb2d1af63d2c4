import { euros, frDate, frenchPdf, PDF_FONT } from '@filiere/invoicing';

export interface OnePagerData {
  title: string;
  summary: string;
  status: string;
  kind: string;
  cohortName: string;
  company: { name: string; siret: string; nafCode: string; communeName: string };
  products: string[];
  milestones: { total: number; done: number; late: number };
  workshop: { title: string; weightedScore: number | null; rank: number | null; of: number; prizes: string[] } | null;
  financing: { name: string; funder: string }[];
  planned: { jobs: number | null; investmentCents: number | null; importSubstitutionCents: number | null };
  achieved: { jobs: number | null; investmentCents: number | null; importSubstitutionCents: number | null; productionStartedOn: string | null };
  generatedOn: string;
}

const KIND_FR: Record<string, string> = { company: 'relocalisation d’une entreprise', activity: 'relocalisation d’une activité', value_chain: 'relocalisation d’une chaîne de valeur' };
const STATUS_FR: Record<string, string> = { applied: 'candidat', selected: 'sélectionné', active: 'en accompagnement', completed: 'accompagnement terminé', withdrawn: 'abandon' };
const money = (cents: number | null): string => (cents === null ? '—' : euros(cents));
const count = (n: number | null): string => (n === null ? '—' : String(n));

/** The project's one-pager for partners, in French (pdfkit, A4, embedded fonts). */
export function renderOnePager(d: OnePagerData): Promise<Buffer> {
  const { pdf, done } = frenchPdf({ Title: `Fiche projet — ${d.title}` });
  const heading = (text: string): void => {
    pdf.moveDown(0.8).font(PDF_FONT.bold).fontSize(12).fillColor('#1f4e8c').text(text).fillColor('black').font(PDF_FONT.regular).fontSize(10);
  };
  pdf.font(PDF_FONT.regular).fontSize(9).fillColor('#666').text(`Accélérateur relocalisation — ${d.cohortName}`, { align: 'right' }).fillColor('black');
  pdf.font(PDF_FONT.bold).fontSize(18).text(d.title);
  pdf.font(PDF_FONT.regular).fontSize(10).text(`${KIND_FR[d.kind] ?? d.kind} · ${STATUS_FR[d.status] ?? d.status}`);
  if (d.summary) pdf.moveDown(0.5).text(d.summary);

  heading('Entreprise');
  pdf.text(`${d.company.name} — SIRET ${d.company.siret}`);
  pdf.text(`Activité (NAF) : ${d.company.nafCode} · Commune : ${d.company.communeName}`);
  heading('Produits');
  pdf.text(d.products.length ? d.products.map((p) => `• ${p}`).join('\n') : '—');

  heading('Avancement');
  const pct = d.milestones.total ? Math.round((d.milestones.done * 100) / d.milestones.total) : 0;
  pdf.text(`Jalons du rétroplanning : ${d.milestones.done} sur ${d.milestones.total} terminés (${pct} %), ${d.milestones.late} en retard.`);

  heading('Ateliers intensifs');
  if (d.workshop) {
    const score = d.workshop.weightedScore === null ? 'pas encore évalué' : `score ${String(d.workshop.weightedScore).replace('.', ',')} / 100`;
    pdf.text(`${d.workshop.title} : ${score}${d.workshop.rank ? `, rang ${d.workshop.rank} sur ${d.workshop.of}` : ''}.`);
    if (d.workshop.prizes.length) pdf.text(`Prix : ${d.workshop.prizes.join(' ; ')}`);
  } else pdf.text('Pas encore présenté.');

  heading('Financements identifiés');
  pdf.text(d.financing.length ? d.financing.map((f) => `• ${f.name} (${f.funder})`).join('\n') : 'Aucun dispositif éligible identifié à ce jour.');

  heading('Résultats');
  const rows: [string, string, string][] = [
    ['', 'Prévu', 'Réalisé'],
    ['Emplois', count(d.planned.jobs), count(d.achieved.jobs)],
    ['Investissement', money(d.planned.investmentCents), money(d.achieved.investmentCents)],
    ['Importations remplacées (par an)', money(d.planned.importSubstitutionCents), money(d.achieved.importSubstitutionCents)],
  ];
  for (const [i, r] of rows.entries()) {
    const y = pdf.y;
    pdf.font(i === 0 ? PDF_FONT.bold : PDF_FONT.regular);
    pdf.text(r[0], 50, y, { width: 220 });
    pdf.text(r[1], 280, y, { width: 120, align: 'right' });
    pdf.text(r[2], 410, y, { width: 120, align: 'right' });
    pdf.x = 50;
  }
  pdf.font(PDF_FONT.regular).text(`Démarrage de la production : ${d.achieved.productionStartedOn ? frDate(d.achieved.productionStartedOn) : 'pas encore'}.`, 50);

  pdf.moveDown(2).fontSize(8).fillColor('#666').text(`Fiche établie le ${frDate(d.generatedOn)} par Filière pour les partenaires de l’Accélérateur relocalisation. Document confidentiel.`);
  pdf.end();
  return done;
}
