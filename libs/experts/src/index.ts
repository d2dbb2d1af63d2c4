export * from './experts.entities';
export * from './expert-rules';
export * from './experts.dto';
export * from './programme-activities.dto';
export * from './experts.service';
export * from './academic-teams.service';
export * from './trainings.service';
export * from './experts.module';
