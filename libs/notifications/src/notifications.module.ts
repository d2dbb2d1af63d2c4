import { Global, Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Global()
@Module({ controllers: [NotificationsController], providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsModule {}

/** The service only (the worker creates notifications but serves no routes). */
@Global()
@Module({ providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsCoreModule {}
