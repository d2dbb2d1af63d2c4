import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsDateOnly, Trim, TrimEach } from '@filiere/platform/http';
import { PROJECT_KINDS, type ProjectKind } from '@filiere/projects';
import { TAG_CATEGORIES, type TagCategory } from './observatory.entities';

const MAX_CENTS = 1_000_000_000_000; // 10 billion euros

export class TagView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: TAG_CATEGORIES }) category: TagCategory;
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty() archived: boolean;
}

export class TagsQuery {
  @ApiPropertyOptional({ enum: TAG_CATEGORIES })
  @IsOptional()
  @IsIn(TAG_CATEGORIES, { message: `category must be one of ${TAG_CATEGORIES.join(', ')}` })
  category?: TagCategory;
}

export class CreateTagDto {
  @ApiProperty({ enum: TAG_CATEGORIES })
  @IsIn(TAG_CATEGORIES, { message: `category must be one of ${TAG_CATEGORIES.join(', ')}` })
  category: TagCategory;

  @ApiProperty({ example: 'Souveraineté industrielle' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  label: string;
}

export class UpdateTagDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  label?: string;

  @ApiPropertyOptional({ description: 'Archived tags are no longer offered; projects keep them' })
  @IsOptional()
  @IsBoolean()
  archived?: boolean;
}

export class PlannedOutcomesDto {
  @ApiPropertyOptional({ nullable: true, type: Number }) @IsOptional() @IsInt() @Min(0) @Max(1_000_000) jobs?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) @IsOptional() @IsInt() @Min(0) @Max(MAX_CENTS) investmentCents?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Value of imports the production replaces, per year' }) @IsOptional() @IsInt() @Min(0) @Max(MAX_CENTS) importSubstitutionCents?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsDateOnly() productionStartOn?: string | null;
}

export class AchievedOutcomesDto {
  @ApiPropertyOptional({ nullable: true, type: Number }) @IsOptional() @IsInt() @Min(0) @Max(1_000_000) jobs?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) @IsOptional() @IsInt() @Min(0) @Max(MAX_CENTS) investmentCents?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) @IsOptional() @IsInt() @Min(0) @Max(MAX_CENTS) importSubstitutionCents?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsDateOnly() productionStartedOn?: string | null;
}

const tagList = (): PropertyDecorator[] => [TrimEach(), IsOptional(), IsArray(), ArrayMaxSize(20), IsString({ each: true }), IsNotEmpty({ each: true }), MaxLength(80, { each: true })];
const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));

export class UpdateObservatoryDto {
  @ApiPropertyOptional({ enum: PROJECT_KINDS, description: 'Relocalisation of a company, of an activity or of a value chain (the project’s kind)' })
  @IsOptional()
  @IsIn(PROJECT_KINDS, { message: `kind must be one of ${PROJECT_KINDS.join(', ')}` })
  kind?: ProjectKind;

  @ApiPropertyOptional({ type: [String], description: 'Labels (or keys) of the tenant’s motivation list' }) @apply(tagList()) motivations?: string[];
  @ApiPropertyOptional({ type: [String] }) @apply(tagList()) successFactors?: string[];
  @ApiPropertyOptional({ type: [String] }) @apply(tagList()) obstacles?: string[];

  @ApiPropertyOptional({ type: PlannedOutcomesDto }) @IsOptional() @ValidateNested() @Type(() => PlannedOutcomesDto) planned?: PlannedOutcomesDto;
  @ApiPropertyOptional({ type: AchievedOutcomesDto }) @IsOptional() @ValidateNested() @Type(() => AchievedOutcomesDto) achieved?: AchievedOutcomesDto;
}

export class TagRef {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
}

export class OutcomesView {
  @ApiProperty({ nullable: true, type: Number }) jobs: number | null;
  @ApiProperty({ nullable: true, type: Number }) investmentCents: number | null;
  @ApiProperty({ nullable: true, type: Number }) importSubstitutionCents: number | null;
  @ApiProperty({ nullable: true, type: String }) productionStartOn: string | null;
}

export class FollowUpView {
  @ApiProperty({ enum: [6, 12, 24] }) stage: number;
  @ApiProperty() dueOn: string;
  @ApiProperty({ enum: ['upcoming', 'pending', 'answered'] }) status: 'upcoming' | 'pending' | 'answered';
  @ApiProperty({ nullable: true, type: String }) sentAt: string | null;
  @ApiProperty({ nullable: true, type: String }) answeredAt: string | null;
}

export class ObservatoryView {
  @ApiProperty() projectId: string;
  @ApiProperty({ enum: PROJECT_KINDS }) kind: ProjectKind;
  @ApiProperty({ type: [TagRef] }) motivations: TagRef[];
  @ApiProperty({ type: [TagRef] }) successFactors: TagRef[];
  @ApiProperty({ type: [TagRef] }) obstacles: TagRef[];
  @ApiProperty({ type: OutcomesView, description: 'Defaults to the project’s jobsPlanned / investmentCents' }) planned: OutcomesView;
  @ApiProperty({ type: OutcomesView, description: '`productionStartOn` = the day production started' }) achieved: OutcomesView;
  @ApiProperty({ type: [FollowUpView], description: 'Forms at 6, 12 and 24 months after the cohort closed' }) followUps: FollowUpView[];
}

export class NetworkQuery {
  @ApiPropertyOptional({ description: 'Year the cohorts started' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class ObservatoryQuery extends NetworkQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'cohortId must be a UUID' })
  cohortId?: string;
}

export const EXPORT_TABLES = ['projects', 'milestones', 'sessions', 'workshop_results', 'invoices', 'outcomes'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export class ExportCsvQuery {
  @ApiProperty({ enum: EXPORT_TABLES })
  @IsIn(EXPORT_TABLES, { message: `table must be one of ${EXPORT_TABLES.join(', ')}` })
  table: ExportTable;
}

export class FollowUpAnswerDto {
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Jobs created so far' }) @IsOptional() @IsInt() @Min(0) @Max(1_000_000) jobs?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) @IsOptional() @IsInt() @Min(0) @Max(MAX_CENTS) investmentCents?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) @IsOptional() @IsInt() @Min(0) @Max(MAX_CENTS) importSubstitutionCents?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsDateOnly() productionStartedOn?: string | null;
  @ApiPropertyOptional({ description: 'Free comment' }) @IsOptional() @Trim() @IsString() @MaxLength(2000) comment?: string;
}
