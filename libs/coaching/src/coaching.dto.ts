import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDateOnly, PageQuery, Trim, TrimEach } from '@filiere/platform/http';
import type { CoachingBudgetAlert } from '@filiere/cohorts';
import { SESSION_MODES, type SessionMode } from './coaching-session.entity';


export class NextStepDto {
  @ApiProperty({ example: 'Contacter trois fonderies de Franche-Comté' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ example: '2027-03-01', nullable: true, type: String })
  @IsOptional()
  @IsDateOnly()
  dueDate?: string | null;
}

export class CreateSessionDto {
  @ApiProperty({ example: '2027-02-03', description: 'Day of the session (not in the future)' })
  @IsDateOnly()
  date: string;

  @ApiProperty({ minimum: 1, maximum: 720, example: 90 })
  @IsInt()
  @Min(1)
  @Max(720)
  durationMinutes: number;

  @ApiProperty({ enum: SESSION_MODES })
  @IsIn(SESSION_MODES, { message: `mode must be one of ${SESSION_MODES.join(', ')}` })
  mode: SessionMode;

  @ApiProperty({ type: [String], example: ['Sourcing amont', 'Financement'], description: 'Free tags; the tenant’s existing spelling is reused (GET /api/coaching/topics suggests them)' })
  @TrimEach()
  @IsArray()
  @ArrayMaxSize(12)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(60, { each: true })
  topics: string[];

  @ApiProperty({ description: 'What was done and decided (holders read it)' })
  @IsString()
  @MaxLength(20_000)
  notes: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Staff only: never shown to holders' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  privateNotes?: string | null;

  @ApiPropertyOptional({ type: [NextStepDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => NextStepDto)
  nextSteps?: NextStepDto[];

  @ApiPropertyOptional({ type: [String], example: ['Claire Martin (dirigeante)', 'Paul Roy (UTBM)'] })
  @IsOptional()
  @TrimEach()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(120, { each: true })
  attendees?: string[];
}

export class UpdateSessionDto {
  @ApiPropertyOptional({ example: '2027-02-03' })
  @IsOptional()
  @IsDateOnly()
  date?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 720 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(720)
  durationMinutes?: number;

  @ApiPropertyOptional({ enum: SESSION_MODES })
  @IsOptional()
  @IsIn(SESSION_MODES, { message: `mode must be one of ${SESSION_MODES.join(', ')}` })
  mode?: SessionMode;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @TrimEach()
  @IsArray()
  @ArrayMaxSize(12)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(60, { each: true })
  topics?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  notes?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  privateNotes?: string | null;

  @ApiPropertyOptional({ type: [NextStepDto], description: 'Replaces the list; a step already converted into a milestone must stay (same title)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => NextStepDto)
  nextSteps?: NextStepDto[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @TrimEach()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(120, { each: true })
  attendees?: string[];
}

export class ConvertStepDto {
  @ApiProperty({ minimum: 0, description: 'Position of the step in the session’s nextSteps (from 0)' })
  @IsInt()
  @Min(0)
  @Max(19)
  index: number;

  @ApiPropertyOptional({ example: '2027-03-15', description: 'Overrides the step’s due date' })
  @IsOptional()
  @IsDateOnly()
  dueDate?: string;
}

export class ConvertNextStepsDto {
  @ApiPropertyOptional({ type: [ConvertStepDto], description: 'Which steps; all steps not yet converted when absent' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ConvertStepDto)
  steps?: ConvertStepDto[];
}

export class SessionsQuery extends PageQuery {}

export class TopicsQuery {
  @ApiPropertyOptional({ description: 'Text in the topic (accents and case ignored)' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class PersonRef {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
}

export class NextStepView {
  @ApiProperty() index: number;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) dueDate: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The milestone it became' }) milestoneId: string | null;
}

export class SessionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ type: PersonRef }) author: PersonRef;
  @ApiProperty({ example: '2027-02-03' }) date: string;
  @ApiProperty() durationMinutes: number;
  @ApiProperty({ enum: SESSION_MODES }) mode: SessionMode;
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty() notes: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Absent for holders' }) privateNotes?: string | null;
  @ApiProperty({ type: [NextStepView] }) nextSteps: NextStepView[];
  @ApiProperty({ type: [String] }) attendees: string[];
  @ApiProperty({ type: String, format: 'date-time', description: 'The author may edit until then (7 days after logging)' }) editableUntil: string;
  @ApiProperty() locked: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class ConvertedMilestoneView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() key: string;
  @ApiProperty() title: string;
  @ApiProperty() phase: string;
  @ApiProperty() position: number;
  @ApiProperty() startDate: string;
  @ApiProperty() dueDate: string;
  @ApiProperty({ enum: ['todo'] }) status: 'todo';
  @ApiProperty({ description: 'Index of the next step it comes from' }) stepIndex: number;
}

export class ConvertNextStepsView {
  @ApiProperty({ type: SessionView }) session: SessionView;
  @ApiProperty({ type: [ConvertedMilestoneView] }) milestones: ConvertedMilestoneView[];
}

export class TopicView {
  @ApiProperty({ example: 'Sourcing amont' }) label: string;
  @ApiProperty({ description: 'Sessions of the tenant carrying it' }) useCount: number;
}

export class TopicsView {
  @ApiProperty({ type: [TopicView] }) items: TopicView[];
  @ApiProperty({ nullable: true, type: String, description: 'Always null: one page' }) nextCursor: null;
}

export class CoachMinutesView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty() minutes: number;
  @ApiProperty() sessions: number;
  @ApiProperty({ description: 'Currently assigned to the project as coach' }) assigned: boolean;
}

export class CoachingBudgetView {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ format: 'uuid' }) cohortId: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Budget from the cohort (hours per project × 60); null without budget' }) budgetMinutes: number | null;
  @ApiProperty() usedMinutes: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Used / budget in percent (1 decimal)' }) usedPercent: number | null;
  @ApiProperty({ enum: ['none', 'warning', 'exceeded'], description: 'warning from 80 %, exceeded from 100 %' }) alert: CoachingBudgetAlert;
  @ApiProperty({ type: [CoachMinutesView] }) byCoach: CoachMinutesView[];
}
