export * from './cohort.entity';
export * from './cohorts.dto';
export * from './cohorts.service';
export * from './cohorts.module';
