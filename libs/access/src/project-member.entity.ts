import { Check, Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { TenantOwnedRecord } from '@filiere/platform/database';

export const PROJECT_MEMBER_ROLES = ['coach', 'holder'] as const;
export type ProjectMemberRole = (typeof PROJECT_MEMBER_ROLES)[number];

/** A coach assigned to a project, or a holder of it. Drives what coaches and holders see. */
@Entity({ name: 'project_members' })
@Unique('uq_project_members', ['tenantId', 'projectId', 'userId', 'role'])
@Index('idx_project_members_user', ['tenantId', 'userId', 'role'])
@Check('chk_project_members_role', `"role" IN ('coach', 'holder')`)
export class ProjectMember extends TenantOwnedRecord {
  @Column({ type: 'uuid' })
  @ForeignKey('projects', { onDelete: 'CASCADE', name: 'fk_project_members_project' })
  projectId: string;

  @Column({ type: 'uuid' })
  @ForeignKey('users', { onDelete: 'CASCADE', name: 'fk_project_members_user' })
  userId: string;

  @Column({ type: 'varchar', length: 16 })
  role: ProjectMemberRole;
}
