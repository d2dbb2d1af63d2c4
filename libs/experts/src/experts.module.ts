import { Module } from '@nestjs/common';
import { AcademicTeamsService } from './academic-teams.service';
import { AcademicTeamsController, ExpertsController, TrainingsController } from './experts.controller';
import { ExpertsService } from './experts.service';
import { TrainingsService } from './trainings.service';

@Module({
  controllers: [ExpertsController, AcademicTeamsController, TrainingsController],
  providers: [ExpertsService, AcademicTeamsService, TrainingsService],
  exports: [ExpertsService, AcademicTeamsService, TrainingsService],
})
export class ExpertsModule {}
