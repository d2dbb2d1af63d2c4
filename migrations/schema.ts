import { Notification, NotificationPreference } from '@filiere/notifications';
import { AuditEvent } from '@filiere/platform/audit';
import type { SchemaDefinition } from '@filiere/platform/database';
import { ProjectMember } from '@filiere/access';
import { CoachingSession, CoachingTopic } from '@filiere/coaching';
import { Cohort } from '@filiere/cohorts';
import { BillingSettings, CreditNote, Invoice, InvoicePayment, InvoiceReminder, InvoiceSequence } from '@filiere/invoicing';
import { JobRun } from '@filiere/platform/queue';
import { Programme } from '@filiere/programmes';
import { Milestone, Project } from '@filiere/projects';
import { Invitation, Membership, RefreshToken, Tenant, User } from '@filiere/tenancy';
import { Workshop, WorkshopAward, WorkshopEvaluation, WorkshopPartner, WorkshopProject } from '@filiere/workshops';
import { MIGRATIONS } from './list';

/** Every entity, listed explicitly (no globs: bundlers and compiled layouts break them). */
export const ENTITIES = [AuditEvent, Tenant, User, Membership, RefreshToken, Invitation, ProjectMember, Programme, Cohort, Project, Milestone, CoachingSession, CoachingTopic, Workshop, WorkshopProject, WorkshopPartner, WorkshopEvaluation, WorkshopAward, BillingSettings, Invoice, CreditNote, InvoicePayment, InvoiceSequence, InvoiceReminder, JobRun, Notification, NotificationPreference];

export const SCHEMA: SchemaDefinition = { entities: ENTITIES, migrations: MIGRATIONS };
