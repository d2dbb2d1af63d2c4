export * from './project.entity';
export * from './milestone.entity';
export * from './projects.dto';
export * from './projects.service';
export * from './milestones.service';
export * from './dashboard.service';
export * from './projects.module';
