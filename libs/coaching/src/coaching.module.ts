import { Module } from '@nestjs/common';
import { CoachingController } from './coaching.controller';
import { CoachingEvents } from './coaching.events';
import { CoachingService } from './coaching.service';
import { TopicsService } from './topics.service';

@Module({
  controllers: [CoachingController],
  providers: [CoachingService, TopicsService, CoachingEvents],
  exports: [CoachingService, CoachingEvents],
})
export class CoachingModule {}
