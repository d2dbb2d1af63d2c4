import { ApiProperty } from '@nestjs/swagger';
import { PageQuery } from '@filiere/platform/http';

export const TIMELINE_KINDS = [
  'project.created',
  'project.status_changed',
  'project.updated',
  'project.coach_assigned',
  'project.coach_unassigned',
  'milestone.created',
  'milestone.updated',
  'session.logged',
  'workshop.results_published',
  'workshop.award',
  'academic.created',
  'academic.submitted',
  'academic.assessed',
  'training.attended',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export class TimelineQuery extends PageQuery {}

export class TimelineActor {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
}

export class TimelineItemView {
  @ApiProperty({ format: 'uuid', description: 'Id of the source record (audit event, session, workshop, award)' }) id: string;
  @ApiProperty({ type: String, format: 'date-time' }) at: string;
  @ApiProperty({ enum: TIMELINE_KINDS }) kind: TimelineKind;
  @ApiProperty({ example: 'Jalon « Diagnostic » : à faire → terminé', description: 'One line in French for the reader' }) summary: string;
  @ApiProperty({ type: TimelineActor, nullable: true }) actor: TimelineActor | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Ids and values of the event (never private notes)' }) data: Record<string, unknown>;
}
