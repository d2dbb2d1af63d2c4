export * from './workshop.entities';
export * from './results';
export * from './results-csv';
export * from './rubric';
export * from './workshops.dto';
export * from './workshops.events';
export * from './workshops.service';
export * from './workshops.module';
