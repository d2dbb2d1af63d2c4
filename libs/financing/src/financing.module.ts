import { Module } from '@nestjs/common';
import { CalendarService } from './calendar.service';
import { FinancingController } from './financing.controller';
import { FinancingService } from './financing.service';
import { MatchingService } from './matching.service';

@Module({
  controllers: [FinancingController],
  providers: [FinancingService, CalendarService, MatchingService],
  exports: [FinancingService, MatchingService],
})
export class FinancingModule {}

/** The matching only (the worker re-matches but serves no routes). */
@Module({ providers: [MatchingService], exports: [MatchingService] })
export class FinancingCoreModule {}
