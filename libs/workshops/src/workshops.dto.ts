import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery, Trim } from '@filiere/platform/http';
import { WORKSHOP_STATUSES, type WorkshopStatus } from './workshop.entities';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const instantMessage = (field: string) => ({ message: `${field} must be an ISO 8601 instant with its zone, e.g. 2027-05-12T09:00:00+02:00` });

export class CriterionDto {
  @ApiProperty({ example: 'innovation', description: 'Stable key, a-z, 0-9 and _ (scores are given by key)' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,39}$/, { message: 'key must be 1 to 40 characters a-z, 0-9 or _, starting with a letter' })
  key: string;

  @ApiProperty({ example: 'Caractère innovant du projet' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  label: string;

  @ApiProperty({ example: 2, minimum: 0.1, maximum: 100 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0.1)
  @Max(100)
  weight: number;

  @ApiProperty({ example: 10, minimum: 1, maximum: 1000 })
  @IsInt()
  @Min(1)
  @Max(1000)
  maxScore: number;
}

export class CreateWorkshopDto {
  @ApiProperty({ example: 'Ateliers intensifs — promotion 2027' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: '2027-05-12T09:00:00+02:00' })
  @Matches(INSTANT, instantMessage('startsAt'))
  @IsISO8601({ strict: true }, instantMessage('startsAt'))
  startsAt: string;

  @ApiProperty({ example: '2027-05-13T17:30:00+02:00' })
  @Matches(INSTANT, instantMessage('endsAt'))
  @IsISO8601({ strict: true }, instantMessage('endsAt'))
  endsAt: string;

  @ApiProperty({ example: 'CCI Saône-Doubs, Besançon' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  location: string;

  @ApiProperty({ type: [CriterionDto], description: 'The rubric (grille d’évaluation); keys unique' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  criteria: CriterionDto[];

  @ApiProperty({ type: [String], format: 'uuid', description: 'Projects of this cohort presenting, in pitch order' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique({ message: 'projectIds must not repeat a project' })
  @IsUUID('all', { each: true })
  projectIds: string[];

  @ApiProperty({ type: [String], format: 'uuid', description: 'Partner users of the tenant invited to evaluate' })
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique({ message: 'partnerUserIds must not repeat a person' })
  @IsUUID('all', { each: true })
  partnerUserIds: string[];
}

export class EvaluationDto {
  @ApiProperty({ example: { innovation: 8, marche: 14 }, description: 'A score for every criterion of the rubric, from 0 to its maxScore' })
  @IsDefined()
  @IsObject()
  scores: Record<string, unknown>;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string | null;
}

export class AwardDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  projectId: string;

  @ApiProperty({ example: 'Prix de la relocalisation' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  prize: string;

  @ApiProperty({ example: 'Région Bourgogne-Franche-Comté', description: 'Who gives the prize' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  awardedBy: string;
}

export class WorkshopsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: WORKSHOP_STATUSES })
  @IsOptional()
  @IsIn(WORKSHOP_STATUSES)
  status?: WorkshopStatus;
}

export class CriterionView {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty() weight: number;
  @ApiProperty() maxScore: number;
}

export class WorkshopProjectView {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty() title: string;
  @ApiProperty() companyName: string;
  @ApiProperty() position: number;
}

export class WorkshopPartnerView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
}

export class AwardView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) workshopId: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty() projectTitle: string;
  @ApiProperty() prize: string;
  @ApiProperty() awardedBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

export class WorkshopView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) cohortId: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) endsAt: string;
  @ApiProperty() location: string;
  @ApiProperty({ type: [CriterionView] }) criteria: CriterionView[];
  @ApiProperty({ enum: WORKSHOP_STATUSES }) status: WorkshopStatus;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt: string | null;
  @ApiProperty({ type: [WorkshopProjectView] }) projects: WorkshopProjectView[];
  @ApiPropertyOptional({ type: [WorkshopPartnerView], description: 'Admins, advisors and invited partners only' }) partners?: WorkshopPartnerView[];
  @ApiProperty({ type: [AwardView], description: 'Prizes (recorded once the workshop is closed)' }) awards: AwardView[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class EvaluationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) workshopId: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ format: 'uuid' }) partnerUserId: string;
  @ApiProperty({ example: { innovation: 8, marche: 14 } }) scores: Record<string, number>;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ description: 'This evaluation’s weighted score on 0–100' }) weightedScore: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class ResultRowView {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean of the evaluations’ weighted scores, 0–100 (2 decimals)' }) weightedScore: number | null;
  @ApiProperty() evaluationCount: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Competition rank (1, 2, 2, 4) on weightedScore' }) rank: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean of the per-evaluator z-scores (3 decimals)' }) calibratedScore: number | null;
  @ApiProperty({ nullable: true, type: Number }) calibratedRank: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Standard deviation of the evaluation scores, 0–100 points' }) spread: number | null;
  @ApiProperty({ description: 'spread ≥ 15 points: the evaluators disagree' }) disagreement: boolean;
}
