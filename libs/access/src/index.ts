export * from './project-member.entity';
export * from './access.service';
export * from './access.module';
