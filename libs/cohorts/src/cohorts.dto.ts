import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsDateOnly, PageQuery, Trim } from '@filiere/platform/http';
import { COHORT_STATUSES, type CohortStatus } from './cohort.entity';


export class CreateCohortDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  programmeId: string;

  @ApiProperty({ example: 'Promotion 2027 — Bourgogne-Franche-Comté' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(160)
  name: string;

  @ApiProperty({ example: '2027-01-11' })
  @IsDateOnly()
  startDate: string;

  @ApiProperty({ example: '2027-06-30' })
  @IsDateOnly()
  endDate: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  capacity?: number;

  @ApiPropertyOptional({ default: 249000, description: 'Participation fee excl. VAT, in cents' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  feeCents?: number;

  @ApiPropertyOptional({ nullable: true, type: Number, example: 20, description: 'Coaching time budget of each project, in hours (null: none)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  coachingHoursPerProject?: number | null;
}

export class UpdateCohortDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(160)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsDateOnly()
  startDate?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsDateOnly()
  endDate?: string;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  capacity?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  feeCents?: number;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Coaching time budget of each project, in hours (null: none)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  coachingHoursPerProject?: number | null;

  @ApiPropertyOptional({ enum: COHORT_STATUSES, description: 'draft → recruiting → running → closed' })
  @IsOptional()
  @IsIn(COHORT_STATUSES)
  status?: CohortStatus;
}

export class CohortsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: COHORT_STATUSES })
  @IsOptional()
  @IsIn(COHORT_STATUSES)
  status?: CohortStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  programmeId?: string;
}

export class CohortView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) programmeId: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '2027-01-11' }) startDate: string;
  @ApiProperty({ example: '2027-06-30' }) endDate: string;
  @ApiProperty({ nullable: true, type: Number }) capacity: number | null;
  @ApiProperty() feeCents: number;
  @ApiProperty({ enum: COHORT_STATUSES }) status: CohortStatus;
  @ApiProperty({ nullable: true, type: Number, description: 'Coaching time budget of each project, in hours' }) coachingHoursPerProject: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the cohort was closed' }) closedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}
