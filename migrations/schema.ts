import { Notification, NotificationPreference } from '@filiere/notifications';
import { AuditEvent } from '@filiere/platform/audit';
import type { SchemaDefinition } from '@filiere/platform/database';
import { ProjectMember } from '@filiere/access';
import { CoachingSession, CoachingTopic } from '@filiere/coaching';
import { Cohort } from '@filiere/cohorts';
import { CalendarFeed, FinancingMatch, FinancingPlan, FinancingScheme, ProjectFinancingProfile } from '@filiere/financing';
import { AcademicDocument, AcademicTeam, AcademicTeamMember, ExpertiseTag, ExpertOrganisation, ExpertProfile, Training, TrainingInvitation, TrainingRegistration } from '@filiere/experts';
import { BillingSettings, CreditNote, Invoice, InvoicePayment, InvoiceReminder, InvoiceSequence } from '@filiere/invoicing';
import { JobRun } from '@filiere/platform/queue';
import { Programme } from '@filiere/programmes';
import { FollowUpForm, ObservatoryTag, ProjectObservatory } from '@filiere/reporting';
import { Buyer, BuyerPurchaseCategory, PurchaseLedgerAnalysis, SourcingCandidate, SourcingRequest, Supplier, SupplierAnnotation, SupplierImport } from '@filiere/sourcing';
import { Milestone, Project } from '@filiere/projects';
import { Invitation, Membership, RefreshToken, Tenant, User } from '@filiere/tenancy';
import { Workshop, WorkshopAward, WorkshopEvaluation, WorkshopPartner, WorkshopProject } from '@filiere/workshops';
import { MIGRATIONS } from './list';

/** Every entity, listed explicitly (no globs: bundlers and compiled layouts break them). */
export const ENTITIES = [AuditEvent, Tenant, User, Membership, RefreshToken, Invitation, ProjectMember, Programme, Cohort, Project, Milestone, CoachingSession, CoachingTopic, Workshop, WorkshopProject, WorkshopPartner, WorkshopEvaluation, WorkshopAward, JobRun, Notification, NotificationPreference, FinancingScheme, ProjectFinancingProfile, FinancingMatch, FinancingPlan, CalendarFeed, Supplier, SupplierImport, SupplierAnnotation, SourcingRequest, SourcingCandidate, Buyer, BuyerPurchaseCategory, PurchaseLedgerAnalysis, ExpertOrganisation, ExpertiseTag, ExpertProfile, AcademicTeam, AcademicTeamMember, AcademicDocument, Training, TrainingInvitation, TrainingRegistration, BillingSettings, Invoice, CreditNote, InvoicePayment, InvoiceSequence, InvoiceReminder, ObservatoryTag, ProjectObservatory, FollowUpForm];

export const SCHEMA: SchemaDefinition = { entities: ENTITIES, migrations: MIGRATIONS };
