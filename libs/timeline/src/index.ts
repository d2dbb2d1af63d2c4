export * from './timeline.dto';
export * from './timeline-summary';
export * from './timeline.service';
export * from './timeline.module';
