export * from './observatory.entities';
export * from './observatory-rules';
export * from './reporting.dto';
export * from './observatory.service';
export * from './reports.service';
export * from './cohort-tables';
export * from './exports.service';
export * from './reporting.module';
