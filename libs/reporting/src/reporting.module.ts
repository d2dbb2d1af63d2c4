import { Module } from '@nestjs/common';
import { ExportsService } from './exports.service';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsService } from './follow-ups.service';
import { OnePagerService } from './one-pager.service';
import { ObservatoryService } from './observatory.service';
import { ReportingController } from './reporting.controller';
import { ReportsService } from './reports.service';

@Module({
  controllers: [ReportingController, FollowUpsController],
  providers: [ObservatoryService, ReportsService, ExportsService, FollowUpsService, OnePagerService],
  exports: [ObservatoryService, ReportsService, FollowUpsService],
})
export class ReportingModule {}
