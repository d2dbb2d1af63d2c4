import type { FollowUpFormView } from './follow-ups.service';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const page = (title: string, body: string): string => `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Filière</title>
<style>body{font-family:Arial,sans-serif;color:#1b1b1b;max-width:640px;margin:2rem auto;padding:0 1rem}h1{color:#1f4e8c;font-size:1.4rem}label{display:block;margin-top:1rem;font-weight:bold}input,textarea{width:100%;padding:.5rem;margin-top:.25rem;box-sizing:border-box}button{margin-top:1.5rem;background:#1f4e8c;color:#fff;border:0;padding:.7rem 1.2rem;border-radius:4px}.err{color:#b00020}</style>
</head><body>${body}</body></html>`;

const euros = (cents: number | null): string => (cents === null ? '' : (cents / 100).toFixed(2).replace('.', ','));

/** The form, prefilled with what the observatory holds; `errors` by field name. */
export function followUpFormPage(f: FollowUpFormView, values: Record<string, string> = {}, errors: Record<string, string> = {}): string {
  const value = (name: string, fallback: string): string => escapeHtml(values[name] ?? fallback);
  const err = (name: string): string => (errors[name] ? `<div class="err">${escapeHtml(errors[name])}</div>` : '');
  return page(
    `Suivi à ${f.stage} mois`,
    `<h1>Suivi de votre projet « ${escapeHtml(f.projectTitle)} »</h1>
<p>${escapeHtml(f.companyName)} — ${f.stage} mois après l’Accélérateur relocalisation. Laissez vide ce que vous ne savez pas encore.</p>
<form method="post">
<label for="jobs">Emplois créés à ce jour</label><input id="jobs" name="jobs" inputmode="numeric" value="${value('jobs', f.current.jobs === null ? '' : String(f.current.jobs))}">${err('jobs')}
<label for="investment">Investissement réalisé (€)</label><input id="investment" name="investment" inputmode="decimal" value="${value('investment', euros(f.current.investmentCents))}">${err('investment')}
<label for="importSubstitution">Importations remplacées, valeur annuelle (€)</label><input id="importSubstitution" name="importSubstitution" inputmode="decimal" value="${value('importSubstitution', euros(f.current.importSubstitutionCents))}">${err('importSubstitution')}
<label for="productionStartedOn">Date de démarrage de la production</label><input id="productionStartedOn" name="productionStartedOn" type="date" value="${value('productionStartedOn', f.current.productionStartedOn ?? '')}">${err('productionStartedOn')}
<label for="comment">Commentaire</label><textarea id="comment" name="comment" rows="4">${value('comment', '')}</textarea>${err('comment')}
<button type="submit">Envoyer mes réponses</button>
</form>`,
  );
}

export const followUpThanksPage = (): string => page('Merci', '<h1>Merci !</h1><p>Vos réponses sont enregistrées. Votre CCI les retrouvera dans l’observatoire des relocalisations.</p>');

export const followUpErrorPage = (status: number): string =>
  status === 410
    ? page('Formulaire déjà rempli', '<h1>Ce formulaire a déjà été rempli</h1><p>Merci : vos réponses ont bien été enregistrées. Le lien ne sert qu’une fois.</p>')
    : page('Lien introuvable', '<h1>Lien introuvable</h1><p>Ce lien de suivi n’existe pas ou ne correspond pas à ce projet.</p>');

/** Reads the HTML form's fields (`12 000,50` euros, `YYYY-MM-DD`) into the API's answer, or errors per field. */
export function parseFollowUpForm(body: Record<string, unknown>): { answer: { jobs: number | null; investmentCents: number | null; importSubstitutionCents: number | null; productionStartedOn: string | null; comment?: string }; values: Record<string, string>; errors: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const k of ['jobs', 'investment', 'importSubstitution', 'productionStartedOn', 'comment']) values[k] = typeof body[k] === 'string' ? (body[k]).trim() : '';
  const errors: Record<string, string> = {};
  const int = (k: string): number | null => {
    const v = (values[k] ?? '').replace(/[\s\u00a0\u202f]/g, '');
    if (!v) return null;
    if (!/^\d{1,7}$/.test(v)) {
      errors[k] = 'Un nombre entier positif, s’il vous plaît.';
      return null;
    }
    return Number(v);
  };
  const cents = (k: string): number | null => {
    const v = (values[k] ?? '').replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
    if (!v) return null;
    if (!/^\d{1,10}(\.\d{1,2})?$/.test(v)) {
      errors[k] = 'Un montant en euros, par exemple 150 000 ou 1 250,50.';
      return null;
    }
    return Math.round(Number(v) * 100);
  };
  const date = values.productionStartedOn ?? '';
  if (date && (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date)) errors.productionStartedOn = 'Une date, par exemple 2027-03-15.';
  if ((values.comment ?? '').length > 2000) errors.comment = '2 000 caractères au plus.';
  const answer = { jobs: int('jobs'), investmentCents: cents('investment'), importSubstitutionCents: cents('importSubstitution'), productionStartedOn: date && !errors.productionStartedOn ? date : null, ...(values.comment ? { comment: values.comment } : {}) };
  return { answer, values, errors };
}
