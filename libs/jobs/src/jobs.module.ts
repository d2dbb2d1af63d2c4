import { Module } from '@nestjs/common';
import { FinancingCoreModule } from '@filiere/financing';
import { NotificationsCoreModule } from '@filiere/notifications';
import { FinancingJobs } from './financing.job';
import { InvoiceRemindersJob } from './invoice-reminders.job';
import { FollowUpsJob } from './follow-ups.job';
import { Mailer } from './mailer';
import { MilestoneRemindersJob } from './milestone-reminders.job';
import { NotificationEmailJob } from './notification-email.job';
import { SourcingJobs } from './sourcing.jobs';
import { SystemJobs } from './system.job';
import { SourcingMatcher, SupplierImportRunner } from '@filiere/sourcing';

/** Every job handler (worker only: the api never imports this library). */
@Module({ imports: [NotificationsCoreModule, FinancingCoreModule], providers: [Mailer, SystemJobs, NotificationEmailJob, MilestoneRemindersJob, FinancingJobs, SupplierImportRunner, SourcingMatcher, SourcingJobs, InvoiceRemindersJob, FollowUpsJob] })
export class JobsModule {}
