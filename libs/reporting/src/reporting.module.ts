import { Module } from '@nestjs/common';
import { ExportsService } from './exports.service';
import { ObservatoryService } from './observatory.service';
import { ReportingController } from './reporting.controller';
import { ReportsService } from './reports.service';

@Module({
  controllers: [ReportingController],
  providers: [ObservatoryService, ReportsService, ExportsService],
  exports: [ObservatoryService, ReportsService],
})
export class ReportingModule {}
