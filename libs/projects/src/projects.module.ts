import { Module } from '@nestjs/common';
import { CohortsModule } from '@filiere/cohorts';
import { DashboardService } from './dashboard.service';
import { MilestonesService } from './milestones.service';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';

@Module({
  imports: [CohortsModule],
  controllers: [ProjectsController],
  providers: [ProjectsService, MilestonesService, DashboardService],
  exports: [ProjectsService, MilestonesService],
})
export class ProjectsModule {}
