import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotificationsService } from '@filiere/notifications';

export interface SessionLoggedEvent {
  tenantId: string;
  projectId: string;
  projectTitle: string;
  cohortId: string;
  sessionId: string;
  authorUserId: string;
  authorName: string;
  date: string;
  durationMinutes: number;
  /** Titles of the session's next steps (what a holder's notification may list). */
  nextSteps: string[];
  /** The project's holders: who a "session logged" notification is for. */
  holderUserIds: string[];
}

export interface CoachingBudgetThresholdCrossedEvent {
  tenantId: string;
  projectId: string;
  projectTitle: string;
  cohortId: string;
  /** The session whose creation or edit made the project cross the threshold. */
  sessionId: string;
  actorUserId: string;
  /** 80 (warning) or 100 (budget used up). */
  thresholdPercent: number;
  usedMinutes: number;
  budgetMinutes: number;
}

/**
 * Where notifications plug into coaching. Both methods run inside the transaction that wrote
 * the session, after its audit record: the notifications (and their email jobs, through the
 * outbox) commit or roll back with the session.
 */
@Injectable()
export class CoachingEvents {
  constructor(private readonly notifications: NotificationsService) {}

  /** A coaching session was logged on a project (creation only, not edits): its holders hear of it. */
  async sessionLogged(manager: EntityManager, event: SessionLoggedEvent): Promise<void> {
    for (const userId of event.holderUserIds) {
      await this.notifications.notify(manager, {
        tenantId: event.tenantId,
        userId,
        dedupKey: `session_logged:${event.sessionId}:${userId}`,
        data: {
          type: 'session_logged',
          projectTitle: event.projectTitle,
          sessionDate: event.date,
          coachName: event.authorName,
          ...(event.nextSteps.length ? { nextSteps: event.nextSteps.map((s) => `• ${s}`).join('\n') } : {}),
          link: this.notifications.link(`/projects/${event.projectId}`),
        },
      });
    }
  }

  /** A project's coaching time crossed 80 % or 100 % of its budget: its coaches and the tenant's advisors hear of it. */
  async budgetThresholdCrossed(manager: EntityManager, event: CoachingBudgetThresholdCrossedEvent): Promise<void> {
    const recipients = await manager.query<{ user_id: string }[]>(
      `SELECT user_id FROM project_members WHERE project_id = $1 AND role = 'coach'
       UNION SELECT user_id FROM memberships WHERE tenant_id = $2 AND role = 'advisor'`,
      [event.projectId, event.tenantId],
    );
    for (const { user_id: userId } of recipients) {
      await this.notifications.notify(manager, {
        tenantId: event.tenantId,
        userId,
        dedupKey: `coaching_budget:${event.projectId}:${event.thresholdPercent}:${event.budgetMinutes}:${userId}`,
        data: {
          type: 'coaching_budget',
          projectTitle: event.projectTitle,
          percent: event.thresholdPercent,
          usedHours: Math.round((event.usedMinutes / 60) * 10) / 10,
          budgetHours: Math.round((event.budgetMinutes / 60) * 10) / 10,
          link: this.notifications.link(`/projects/${event.projectId}`),
        },
      });
    }
  }
}
