import type { TimelineKind } from './timeline.dto';

const MILESTONE_STATUS_FR: Record<string, string> = { todo: 'à faire', in_progress: 'en cours', done: 'terminé', blocked: 'bloqué' };
const PROJECT_STATUS_FR: Record<string, string> = { applied: 'candidature', selected: 'sélectionné', active: 'en accompagnement', completed: 'terminé', withdrawn: 'abandonné' };
const MODE_FR: Record<string, string> = { onsite: 'sur site', remote: 'à distance', phone: 'par téléphone' };

export const frenchDate = (date: string): string => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** 90 → "1 h 30", 45 → "45 min", 120 → "2 h". */
export function frenchDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m} min`;
  return m ? `${h} h ${String(m).padStart(2, '0')}` : `${h} h`;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** The French line a reader sees for a timeline event. */
export function timelineSummary(kind: TimelineKind, data: Record<string, unknown>): string {
  switch (kind) {
    case 'project.created':
      return 'Projet créé dans la cohorte';
    case 'project.status_changed':
      return `Statut du projet : ${PROJECT_STATUS_FR[str(data['from'])] ?? str(data['from'])} → ${PROJECT_STATUS_FR[str(data['to'])] ?? str(data['to'])}`;
    case 'project.updated':
      return 'Fiche projet mise à jour';
    case 'project.coach_assigned':
      return 'Coach affecté au projet';
    case 'project.coach_unassigned':
      return 'Coach retiré du projet';
    case 'milestone.created':
      return `Jalon « ${str(data['title'])} » ajouté, échéance le ${frenchDate(str(data['dueDate']))}`;
    case 'milestone.updated': {
      const changes = (data['changes'] ?? {}) as Record<string, { from: unknown; to: unknown }>;
      const status = changes['status'];
      if (status) return `Jalon « ${str(data['title'])} » : ${MILESTONE_STATUS_FR[str(status.from)] ?? str(status.from)} → ${MILESTONE_STATUS_FR[str(status.to)] ?? str(status.to)}`;
      const due = changes['dueDate'];
      if (due) return `Jalon « ${str(data['title'])} » : échéance déplacée au ${frenchDate(str(due.to))}`;
      return `Jalon « ${str(data['title'])} » mis à jour`;
    }
    case 'session.logged':
      return `Séance d’accompagnement du ${frenchDate(str(data['date']))} (${frenchDuration(Number(data['durationMinutes']) || 0)}, ${MODE_FR[str(data['mode'])] ?? str(data['mode'])})`;
    case 'workshop.results_published':
      return `Résultats des ateliers intensifs « ${str(data['workshopTitle'])} » publiés`;
    case 'workshop.award':
      return `Prix « ${str(data['prize'])} » décerné par ${str(data['awardedBy'])}`;
    case 'academic.created':
      return `Équipe académique : « ${str(data['title'])} » à rendre le ${frenchDate(str(data['dueDate']))}`;
    case 'academic.submitted':
      return `Livrable « ${str(data['title'])} » remis par l’équipe académique`;
    case 'academic.assessed': {
      const grade = typeof data['grade'] === 'number' ? ` (note : ${String(data['grade']).replace('.', ',')}/20)` : '';
      return `Livrable « ${str(data['title'])} » évalué par l’enseignant${grade}`;
    }
    case 'training.attended': {
      const n = Number(data['attendees']) || 0;
      return `Formation « ${str(data['topic'])} » du ${frenchDate(str(data['date']))} (${frenchDuration(Number(data['durationMinutes']) || 0)}) : ${n} participant${n > 1 ? 's' : ''} présent${n > 1 ? 's' : ''}`;
    }
  }
}
