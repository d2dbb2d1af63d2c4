export * from './coaching-session.entity';
export * from './coaching-topic.entity';
export * from './coaching-rules';
export * from './coaching.dto';
export * from './coaching.events';
export * from './topics.service';
export * from './coaching.service';
export * from './coaching.module';
