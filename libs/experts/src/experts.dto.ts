import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery, Trim, TrimEach } from '@filiere/platform/http';
import { ORGANISATION_KINDS, type OrganisationKind } from './experts.entities';

const COMMUNE = /^(\d{5}|2[AB]\d{3})$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

// ----------------------------------------------------------------------------- organisations

export class CreateOrganisationDto {
  @ApiProperty({ example: 'CCI Saône-Doubs' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS, { message: `kind must be one of ${ORGANISATION_KINDS.join(', ')}` })
  kind: OrganisationKind;

  @ApiPropertyOptional({ example: '25056', nullable: true, type: String })
  @IsOptional()
  @Matches(COMMUNE, { message: 'communeCode must be an INSEE commune code' })
  communeCode?: string | null;

  @ApiPropertyOptional({ example: 'https://www.utbm.fr', nullable: true, type: String })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'website must be an http(s) URL' })
  @MaxLength(2048)
  website?: string | null;
}

export class UpdateOrganisationDto extends PartialType(CreateOrganisationDto) {}

export class OrganisationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORGANISATION_KINDS })
  @IsOptional()
  @IsIn(ORGANISATION_KINDS, { message: `kind must be one of ${ORGANISATION_KINDS.join(', ')}` })
  kind?: OrganisationKind;
}

export class OrganisationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty({ nullable: true, type: String }) communeCode: string | null;
  @ApiProperty({ nullable: true, type: String }) website: string | null;
  @ApiProperty() createdAt: string;
}

// ----------------------------------------------------------------------------- tags

export class CreateExpertiseTagDto {
  @ApiProperty({ example: 'Fonderie' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  label: string;
}

export class ExpertiseTagView {
  @ApiProperty() label: string;
  @ApiProperty({ description: 'Part of the programme’s default list' }) isDefault: boolean;
}

export class ExpertiseTagsView {
  @ApiProperty({ type: [ExpertiseTagView] }) items: ExpertiseTagView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: null;
}

// ----------------------------------------------------------------------------- profiles

export class PutExpertProfileDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID('all')
  organisationId?: string | null;

  @ApiProperty({ type: [String], example: ['Sourcing amont', 'Industrie 4.0'], description: 'Labels of the tenant’s expertise list (GET /api/expertise-tags)' })
  @TrimEach()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(60, { each: true })
  tags: string[];

  @ApiProperty({ type: [String], example: ['24', '25'], description: 'NAF divisions (two digits)' })
  @IsArray()
  @ArrayMaxSize(88)
  @Matches(/^\d{2}$/, { each: true, message: 'each nafDivisions entry must be a two-digit NAF division' })
  nafDivisions: string[];

  @ApiPropertyOptional({ example: '25056', nullable: true, type: String })
  @IsOptional()
  @Matches(COMMUNE, { message: 'homeCommuneCode must be an INSEE commune code' })
  homeCommuneCode?: string | null;

  @ApiProperty({ minimum: 0, maximum: 400, example: 20 })
  @IsInt()
  @Min(0)
  @Max(400)
  capacityHoursPerMonth: number;

  @ApiPropertyOptional({ type: [String], example: ['fr', 'en'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(/^[a-z]{2}$/, { each: true, message: 'each language must be an ISO 639-1 code (fr, en, de…)' })
  languages?: string[];

  @ApiPropertyOptional({ example: 'Ingénieure matériaux, 15 ans en fonderie.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  bio?: string;
}

export class ExpertsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only people with this expertise tag' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  tag?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  organisationId?: string;
}

export class ExpertProfileView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ type: OrganisationView, nullable: true }) organisation: OrganisationView | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: [String] }) nafDivisions: string[];
  @ApiProperty({ nullable: true, type: String }) homeCommuneCode: string | null;
  @ApiProperty({ nullable: true, type: String }) homeCommuneName: string | null;
  @ApiProperty() capacityHoursPerMonth: number;
  @ApiProperty({ type: [String] }) languages: string[];
  @ApiProperty() bio: string;
  @ApiProperty({ nullable: true, type: String }) updatedAt: string | null;
}

export class LoadQuery {
  @ApiPropertyOptional({ example: '2027-03', description: 'Month YYYY-MM (default: the current month, Europe/Paris)' })
  @IsOptional()
  @Matches(MONTH, { message: 'month must be YYYY-MM' })
  month?: string;
}

export class CoachLoadView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: Number }) capacityHours: number | null;
  @ApiProperty({ description: 'Hours planned: each assigned project’s coaching budget shared between its coaches, spread over the cohort’s months' }) assignedHours: number;
  @ApiProperty({ description: 'Hours of coaching sessions they logged that month' }) loggedHours: number;
  @ApiProperty() projectCount: number;
  @ApiProperty() overCapacity: boolean;
}

export class LoadView {
  @ApiProperty() month: string;
  @ApiProperty({ type: [CoachLoadView] }) items: CoachLoadView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: null;
}

export class SuggestionsQuery extends LoadQuery {
  @ApiPropertyOptional({ description: 'Comma-separated topics asked for, e.g. Financement,Export' })
  @IsOptional()
  @IsString()
  @MaxLength(600)
  topics?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class CoachSuggestionView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) organisationName: string | null;
  @ApiProperty({ nullable: true, enum: ORGANISATION_KINDS }) organisationKind: OrganisationKind | null;
  @ApiProperty() score: number;
  @ApiProperty({ type: [String] }) matchedTopics: string[];
  @ApiProperty({ nullable: true, type: Number }) freeHours: number | null;
  @ApiProperty({ nullable: true, type: Number }) distanceKm: number | null;
  @ApiProperty({ type: [String], example: ['Expertise demandée : Financement', 'Proche du projet (12 km)'] }) reasons: string[];
}

export class SuggestionsView {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty() month: string;
  @ApiProperty({ type: [String], description: 'What the project needs, as used for the ranking' }) neededTopics: string[];
  @ApiProperty({ type: [CoachSuggestionView] }) items: CoachSuggestionView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: null;
}

export class ExpertSettingsDto {
  @ApiProperty({ description: 'Every project should have at least one coach from a CCI organisation' })
  @IsBoolean()
  requireCciCoach: boolean;
}

export class ExpertSettingsView {
  @ApiProperty() requireCciCoach: boolean;
}
