import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotificationsService } from '@filiere/notifications';

export interface PartnersInvitedEvent {
  tenantId: string;
  workshopId: string;
  workshopTitle: string;
  cohortId: string;
  partnerUserIds: string[];
}

export interface WorkshopResultsPublishedEvent {
  tenantId: string;
  workshopId: string;
  workshopTitle: string;
  cohortId: string;
  closedAt: string;
  /** The presenting projects: their holders and coaches may now read results and awards. */
  projectIds: string[];
  partnerUserIds: string[];
}

/**
 * Where notifications plug into workshops. The methods run inside the transaction that made the
 * change, after its audit record, so that the notifications commit with it.
 */
@Injectable()
export class WorkshopEvents {
  private readonly logger = new Logger('WorkshopEvents');

  constructor(private readonly notifications: NotificationsService) {}

  /** Partners were invited to evaluate at a workshop (at its creation). */
  partnersInvited(_manager: EntityManager, event: PartnersInvitedEvent): Promise<void> {
    this.logger.debug(`workshop ${event.workshopId}: ${event.partnerUserIds.length} partner(s) invited`);
    return Promise.resolve();
  }

  /** The workshop was closed: evaluations are frozen and its results are published. */
  async resultsPublished(manager: EntityManager, event: WorkshopResultsPublishedEvent): Promise<void> {
    const holders = await manager.query<{ user_id: string }[]>(`SELECT DISTINCT user_id FROM project_members WHERE project_id = ANY($1::uuid[]) AND role = 'holder'`, [event.projectIds]);
    const recipients = new Set([...holders.map((h) => h.user_id), ...event.partnerUserIds]);
    for (const userId of recipients) {
      await this.notifications.notify(manager, {
        tenantId: event.tenantId,
        userId,
        dedupKey: `workshop_results:${event.workshopId}:${userId}`,
        data: { type: 'workshop_results', workshopTitle: event.workshopTitle, link: this.notifications.link(`/workshops/${event.workshopId}`) },
      });
    }
  }
}
