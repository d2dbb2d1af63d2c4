import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDateOnly, PageQuery, Trim } from '@filiere/platform/http';
import { COMPANY_SIZES, CompanySize, EXPENSE_TYPES, ExpenseType, PERIMETER_SCOPES, PerimeterScope, PROJECT_STAGES, ProjectStage, RECURRENCES, Recurrence, SCHEME_KINDS, SCHEME_STATUSES, SchemeKind, SchemeStatus } from './scheme-rules';

const MAX_CENTS = 100_000_000_000_00; // 100 bn €

export class PerimeterDto {
  @ApiProperty({ enum: PERIMETER_SCOPES })
  @IsIn(PERIMETER_SCOPES, { message: `scope must be one of ${PERIMETER_SCOPES.join(', ')}` })
  scope: PerimeterScope;

  @ApiProperty({ type: [String], example: ['53'], description: 'INSEE codes of the régions or départements (empty for national)' })
  @IsArray()
  @ArrayMaxSize(120)
  @IsString({ each: true })
  @Matches(/^[0-9][0-9AB][0-9]?$/, { each: true, message: 'codes must be INSEE région or département codes' })
  codes: string[];
}

/** Every field of a scheme; on PATCH all are optional. */
export class SchemeDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Import only: the id to create or update' })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ example: 'INNO Sobriété' }) @Trim() @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ example: 'Région Bretagne' }) @Trim() @IsString() @IsNotEmpty() @MaxLength(200) funder: string;

  @ApiProperty({ enum: SCHEME_KINDS })
  @IsIn(SCHEME_KINDS, { message: `kind must be one of ${SCHEME_KINDS.join(', ')}` })
  kind: SchemeKind;

  @ApiProperty({ type: PerimeterDto }) @ValidateNested() @Type(() => PerimeterDto) perimeter: PerimeterDto;

  @ApiPropertyOptional({ enum: COMPANY_SIZES, isArray: true, description: 'Empty: any size' })
  @IsOptional()
  @IsArray()
  @IsIn(COMPANY_SIZES, { each: true, message: `sizes must be among ${COMPANY_SIZES.join(', ')}` })
  sizes?: CompanySize[];

  @ApiPropertyOptional({ type: [String], example: ['C', '49'], description: 'NAF prefixes (a section letter, a division, 25.62, 25.62B); empty: any activity' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(/^([A-U]|\d{2}(\.\d{1,2}[A-Z]?)?)$/, { each: true, message: 'nafInclude entries must be NAF prefixes such as C, 25, 25.6, 25.62B' })
  nafInclude?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(/^([A-U]|\d{2}(\.\d{1,2}[A-Z]?)?)$/, { each: true, message: 'nafExclude entries must be NAF prefixes such as C, 25, 25.6, 25.62B' })
  nafExclude?: string[];

  @ApiPropertyOptional({ nullable: true, type: Number }) @IsOptional() @IsInt() @Min(0) @Max(100) minCompanyAgeYears?: number | null;

  @ApiPropertyOptional({ enum: PROJECT_STAGES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(PROJECT_STAGES, { each: true, message: `stages must be among ${PROJECT_STAGES.join(', ')}` })
  stages?: ProjectStage[];

  @ApiPropertyOptional({ enum: EXPENSE_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(EXPENSE_TYPES, { each: true, message: `expenseTypes must be among ${EXPENSE_TYPES.join(', ')}` })
  expenseTypes?: ExpenseType[];

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Minimum programme / investment, in cents' }) @IsOptional() @IsInt() @Min(0) @Max(MAX_CENTS) amountMinCents?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Most the scheme brings, in cents' }) @IsOptional() @IsInt() @Min(0) @Max(MAX_CENTS) amountMaxCents?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Maximum aid rate, percent of the investment' }) @IsOptional() @Type(() => Number) @Min(0) @Max(100) maxRatePercent?: number | null;
  @ApiPropertyOptional({ default: false, description: 'Granted under the EU de minimis regulation 2023/2831' }) @IsOptional() @IsBoolean() deMinimis?: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsDateOnly() opensOn?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsDateOnly() predepositOn?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsDateOnly() closesOn?: string | null;

  @ApiPropertyOptional({ enum: RECURRENCES, default: 'permanent' })
  @IsOptional()
  @IsIn(RECURRENCES, { message: `recurrence must be one of ${RECURRENCES.join(', ')}` })
  recurrence?: Recurrence;

  @ApiPropertyOptional({ enum: SCHEME_STATUSES, description: 'closed: closed by hand whatever the dates; open/upcoming: the status follows the dates again' })
  @IsOptional()
  @IsIn(SCHEME_STATUSES)
  status?: SchemeStatus;

  @ApiProperty({ example: 'https://www.bretagne.bzh/' }) @IsUrl({ protocols: ['http', 'https'], require_protocol: true }) @MaxLength(2048) sourceUrl: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsDateOnly() lastVerifiedAt?: string | null;
  @ApiPropertyOptional({ description: 'In French' }) @IsOptional() @IsString() @MaxLength(20_000) description?: string;
}

/** PATCH: any field of a scheme (the service refuses null for the fields that cannot be empty). */
export class UpdateSchemeDto extends PartialType(OmitType(SchemeDto, ['id'] as const)) {}

/** Fields a PATCH may not set to null. */
export const NON_NULL_SCHEME_FIELDS = ['name', 'funder', 'kind', 'perimeter', 'sizes', 'nafInclude', 'nafExclude', 'stages', 'expenseTypes', 'deMinimis', 'recurrence', 'status', 'sourceUrl', 'description'] as const;

export class SchemesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SCHEME_STATUSES }) @IsOptional() @IsIn(SCHEME_STATUSES) status?: SchemeStatus;
  @ApiPropertyOptional({ enum: SCHEME_KINDS }) @IsOptional() @IsIn(SCHEME_KINDS) kind?: SchemeKind;
  @ApiPropertyOptional({ enum: ['national', 'tenant'], description: 'national: the platform’s schemes; tenant: the tenant’s own' }) @IsOptional() @IsIn(['national', 'tenant']) owner?: 'national' | 'tenant';
  @ApiPropertyOptional({ description: 'Text in the name or funder' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export class ImportSchemesDto {
  @ApiPropertyOptional({ type: [SchemeDto], description: 'JSON import: the schemes (with id: update it if it is yours, else create it)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => SchemeDto)
  schemes?: SchemeDto[];

  @ApiPropertyOptional({ description: 'CSV import: the text of a file in the export.csv format (`;`, French headers)' })
  @IsOptional()
  @IsString()
  @MaxLength(5_000_000)
  csv?: string;
}

export class ProfileDto {
  @ApiPropertyOptional({ nullable: true, type: String, example: '2012-04-02', description: 'Company creation date (SIRENE dateCreation)' }) @IsOptional() @IsDateOnly() companyCreatedOn?: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['PME', 'ETI', 'GE'], description: 'SIRENE categorieEntreprise' }) @IsOptional() @IsIn(['PME', 'ETI', 'GE', null]) companyCategory?: 'PME' | 'ETI' | 'GE' | null;
  @ApiPropertyOptional({ nullable: true, enum: PROJECT_STAGES }) @IsOptional() @IsIn([...PROJECT_STAGES, null]) stage?: ProjectStage | null;
  @ApiPropertyOptional({ enum: EXPENSE_TYPES, isArray: true }) @IsOptional() @IsArray() @IsIn(EXPENSE_TYPES, { each: true }) expenseTypes?: ExpenseType[];
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'De minimis aid received over the last three years, cents' }) @IsOptional() @IsInt() @Min(0) @Max(MAX_CENTS) deMinimisPriorCents?: number | null;
}

export class PlanLineDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() schemeId: string;
  @ApiProperty({ example: 10_000_000 }) @IsInt() @Min(1) @Max(MAX_CENTS) amountCents: number;
}

export class PlanDto {
  @ApiProperty({ type: [PlanLineDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PlanLineDto)
  lines: PlanLineDto[];

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5_000) note?: string;
}
