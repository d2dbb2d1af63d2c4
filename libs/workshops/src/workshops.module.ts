import { Module } from '@nestjs/common';
import { CohortsModule } from '@filiere/cohorts';
import { WorkshopsController } from './workshops.controller';
import { WorkshopEvents } from './workshops.events';
import { WorkshopsService } from './workshops.service';

@Module({
  imports: [CohortsModule],
  controllers: [WorkshopsController],
  providers: [WorkshopsService, WorkshopEvents],
  exports: [WorkshopsService, WorkshopEvents],
})
export class WorkshopsModule {}
