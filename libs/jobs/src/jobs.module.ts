import { Module } from '@nestjs/common';
import { NotificationsCoreModule } from '@filiere/notifications';
import { Mailer } from './mailer';
import { MilestoneRemindersJob } from './milestone-reminders.job';
import { NotificationEmailJob } from './notification-email.job';
import { SourcingJobs } from './sourcing.jobs';
import { SystemJobs } from './system.job';
import { SourcingMatcher, SupplierImportRunner } from '@filiere/sourcing';

/** Every job handler (worker only: the api never imports this library). */
@Module({ imports: [NotificationsCoreModule], providers: [Mailer, SystemJobs, NotificationEmailJob, MilestoneRemindersJob, SupplierImportRunner, SourcingMatcher, SourcingJobs] })
export class JobsModule {}
