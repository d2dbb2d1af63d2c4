import type { NotificationType } from './notification.entity';

/** French labels of the notification types (preferences screen). */
export const NOTIFICATION_LABELS: Record<NotificationType, string> = {
  invitation: 'Invitation à rejoindre Filière',
  milestone_due_soon: 'Jalon à échéance dans 7 jours',
  milestone_late: 'Jalon en retard',
  session_logged: 'Séance d’accompagnement enregistrée',
  workshop_results: 'Résultats des ateliers intensifs publiés',
  coaching_budget: 'Budget d’accompagnement consommé (80 % / 100 %)',
  financing_eligible: 'Nouveaux dispositifs de financement éligibles',
  training_invitation: 'Invitation à une formation collective',
  deliverable_submitted: 'Livrable d’une équipe académique remis',
  invoice_overdue: 'Relance de facture impayée',
  invoice_overdue_staff: 'Facture en retard de paiement (suivi)',
};

const ROLE_FR: Record<string, string> = { admin: 'responsable programme', advisor: 'conseiller CCI', coach: 'coach', holder: 'porteur de projet', partner: 'partenaire' };

export interface NotificationContent {
  title: string;
  body: string;
  link: string | null;
}

export type NotificationData =
  | { type: 'invitation'; tenantName: string; role: string; acceptUrl: string; expiresAt: string }
  | { type: 'milestone_due_soon' | 'milestone_late'; projectTitle: string; milestoneTitle: string; dueDate: string; link: string }
  | { type: 'session_logged'; projectTitle: string; sessionDate: string; coachName: string; nextSteps?: string; link: string }
  | { type: 'workshop_results'; workshopTitle: string; link: string }
  | { type: 'coaching_budget'; projectTitle: string; percent: number; usedHours: number; budgetHours: number; link: string }
  | { type: 'financing_eligible'; projectTitle: string; schemes: string[]; link: string }
  | { type: 'training_invitation'; topic: string; projectTitle: string; date: string; time: string; place: string; online: boolean; link: string }
  | { type: 'deliverable_submitted'; deliverableTitle: string; projectTitle: string; link: string }
  | { type: 'invoice_overdue' | 'invoice_overdue_staff'; invoiceNumber: string; projectTitle: string; companyName: string; dueDate: string; days: number; balance: string; iban: string; link: string };

/** `2026-11-22` → `22/11/2026`. */
export function frDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** The French title, text and link of a notification. */
export function renderNotification(data: NotificationData): NotificationContent {
  switch (data.type) {
    case 'invitation':
      return {
        title: `Invitation : ${data.tenantName} vous invite sur Filière`,
        body: `Bonjour,\n\n${data.tenantName} vous invite à rejoindre l’Accélérateur relocalisation sur Filière en tant que ${ROLE_FR[data.role] ?? data.role}.\n\nPour accepter et choisir votre mot de passe, ouvrez ce lien avant le ${frDate(data.expiresAt)} :\n${data.acceptUrl}\n\nSi vous n’attendiez pas cette invitation, ignorez ce message.`,
        link: data.acceptUrl,
      };
    case 'milestone_due_soon':
      return {
        title: `Jalon à échéance le ${frDate(data.dueDate)} : ${data.milestoneTitle}`,
        body: `Le jalon « ${data.milestoneTitle} » du projet « ${data.projectTitle} » arrive à échéance le ${frDate(data.dueDate)}, dans 7 jours.`,
        link: data.link,
      };
    case 'milestone_late':
      return {
        title: `Jalon en retard : ${data.milestoneTitle}`,
        body: `Le jalon « ${data.milestoneTitle} » du projet « ${data.projectTitle} » était attendu le ${frDate(data.dueDate)} et n’est pas terminé.`,
        link: data.link,
      };
    case 'session_logged':
      return {
        title: `Nouvelle séance d’accompagnement du ${frDate(data.sessionDate)}`,
        body: `${data.coachName} a enregistré une séance d’accompagnement pour le projet « ${data.projectTitle} » le ${frDate(data.sessionDate)}.${data.nextSteps ? `\n\nProchaines étapes :\n${data.nextSteps}` : ''}`,
        link: data.link,
      };
    case 'workshop_results':
      return { title: `Résultats publiés : ${data.workshopTitle}`, body: `Les résultats des ateliers intensifs « ${data.workshopTitle} » sont disponibles.`, link: data.link };
    case 'coaching_budget':
      return {
        title: `Budget d’accompagnement à ${data.percent} % : ${data.projectTitle}`,
        body: `Le projet « ${data.projectTitle} » a consommé ${data.usedHours} h sur ${data.budgetHours} h d’accompagnement prévues (${data.percent} %).`,
        link: data.link,
      };
    case 'financing_eligible':
      return {
        title:
          data.schemes.length === 1
            ? `Nouveau dispositif de financement éligible : ${data.projectTitle}`
            : `${data.schemes.length} nouveaux dispositifs de financement éligibles : ${data.projectTitle}`,
        body: `Le projet « ${data.projectTitle} » est désormais éligible ${data.schemes.length === 1 ? 'au dispositif suivant' : 'aux dispositifs suivants'} :\n${data.schemes.map((s) => `• ${s}`).join('\n')}\n\nConsultez le détail des critères et les dates limites dans Filière.`,
        link: data.link,
      };
    case 'training_invitation':
      return {
        title: `Formation « ${data.topic} » le ${frDate(data.date)}`,
        body: `Le projet « ${data.projectTitle} » est invité à la formation collective « ${data.topic} », le ${frDate(data.date)} à ${data.time} ${data.online ? '(en ligne)' : `(${data.place})`}.\n\nLes places sont limitées : inscrivez-vous dans Filière.`,
        link: data.link,
      };
    case 'deliverable_submitted':
      return {
        title: `Livrable remis : ${data.deliverableTitle}`,
        body: `L’équipe académique du projet « ${data.projectTitle} » a remis le livrable « ${data.deliverableTitle} ». Il attend l’évaluation de l’enseignant.`,
        link: data.link,
      };
    case 'invoice_overdue':
      return {
        title: `Relance : facture ${data.invoiceNumber} échue depuis ${data.days} jours`,
        body: `Bonjour,\n\nSauf erreur de notre part, la facture ${data.invoiceNumber} des frais de participation à l’Accélérateur relocalisation (projet « ${data.projectTitle} »), échue le ${frDate(data.dueDate)}, reste impayée pour un montant de ${data.balance}.\n\nMerci de procéder à son règlement par virement sur le compte ${data.iban}, en rappelant le numéro de facture. Des pénalités de retard et l’indemnité forfaitaire de 40 € pour frais de recouvrement peuvent s’appliquer.\n\nSi vous avez réglé cette facture entre-temps, merci de ne pas tenir compte de ce message.`,
        link: data.link,
      };
    case 'invoice_overdue_staff':
      return {
        title: `Facture ${data.invoiceNumber} impayée depuis ${data.days} jours : ${data.companyName}`,
        body: `La facture ${data.invoiceNumber} de ${data.companyName} (projet « ${data.projectTitle} »), échue le ${frDate(data.dueDate)}, reste impayée : ${data.balance}. Le porteur de projet a reçu une relance.`,
        link: data.link,
      };
  }
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Plain text and HTML bodies of the email of a notification. */
export function renderEmail(n: NotificationContent): { subject: string; text: string; html: string } {
  const text = `${n.body}${n.link && !n.body.includes(n.link) ? `\n\n${n.link}` : ''}\n\n—\nFilière · Accélérateur relocalisation\nVous pouvez choisir les e-mails que vous recevez dans vos préférences.`;
  const paragraphs = n.body
    .split('\n\n')
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>').replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')}</p>`)
    .join('\n');
  const button = n.link && !n.body.includes(n.link) ? `<p><a href="${escapeHtml(n.link)}" style="background:#1f4e8c;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none">Ouvrir dans Filière</a></p>` : '';
  const html = `<!doctype html><html lang="fr"><body style="font-family:Arial,sans-serif;color:#1b1b1b;max-width:600px">
<h2 style="color:#1f4e8c">${escapeHtml(n.title)}</h2>
${paragraphs}
${button}
<hr><p style="font-size:12px;color:#666">Filière · Accélérateur relocalisation — vous pouvez choisir les e-mails que vous recevez dans vos préférences.</p>
</body></html>`;
  return { subject: n.title, text, html };
}
