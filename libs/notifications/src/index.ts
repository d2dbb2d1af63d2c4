export * from './notification.entity';
export * from './templates';
export * from './notifications.service';
export * from './notifications.module';
