import { Module } from '@nestjs/common';
import { NotificationsCoreModule } from '@filiere/notifications';
import { InvoiceRemindersJob } from './invoice-reminders.job';
import { Mailer } from './mailer';
import { MilestoneRemindersJob } from './milestone-reminders.job';
import { NotificationEmailJob } from './notification-email.job';
import { SystemJobs } from './system.job';

/** Every job handler (worker only: the api never imports this library). */
@Module({ imports: [NotificationsCoreModule], providers: [Mailer, SystemJobs, NotificationEmailJob, MilestoneRemindersJob, InvoiceRemindersJob] })
export class JobsModule {}
