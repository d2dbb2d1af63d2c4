import { Module } from '@nestjs/common';
import { ProgrammesModule } from '@filiere/programmes';
import { CohortsController } from './cohorts.controller';
import { CohortsService } from './cohorts.service';

@Module({ imports: [ProgrammesModule], controllers: [CohortsController], providers: [CohortsService], exports: [CohortsService] })
export class CohortsModule {}
