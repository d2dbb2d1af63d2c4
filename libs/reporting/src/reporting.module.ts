import { Module } from '@nestjs/common';
import { ObservatoryService } from './observatory.service';
import { ReportingController } from './reporting.controller';
import { ReportsService } from './reports.service';

@Module({
  controllers: [ReportingController],
  providers: [ObservatoryService, ReportsService],
  exports: [ObservatoryService, ReportsService],
})
export class ReportingModule {}
