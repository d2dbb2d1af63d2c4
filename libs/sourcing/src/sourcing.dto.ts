import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery, Trim, TrimEach } from '@filiere/platform/http';
import { CANDIDATE_STATUSES, SOURCING_DIRECTIONS, type CandidateStatus, type SourcingDirection } from './sourcing.entities';
import type { RejectedSample } from './supplier.entity';


export const MAX_RADIUS_KM = 1000;
export const DEFAULT_SEARCH_RADIUS_KM = 50;
export const DEFAULT_REQUEST_RADIUS_KM = 150;

export class SupplierSearchQuery extends PageQuery {
  @ApiPropertyOptional({ example: '25.62', description: 'NAF rév. 2 code or prefix: 25, 25.6, 25.62, 25.62B' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(8)
  naf?: string;

  @ApiPropertyOptional({ example: 'usinage', description: 'Words of the name or sign (3 characters at least)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(3)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ example: '25056', description: 'INSEE commune code: nearest first, within radiusKm' })
  @IsOptional()
  @Trim()
  @Matches(/^[0-9][0-9AB][0-9]{3}$/, { message: 'near must be an INSEE commune code (5 characters)' })
  near?: string;

  @ApiPropertyOptional({ default: DEFAULT_SEARCH_RADIUS_KM, maximum: MAX_RADIUS_KM })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_RADIUS_KM)
  radiusKm?: number;
}

export class SupplierView {
  @ApiProperty() siret: string;
  @ApiProperty() siren: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null when the register gives no name to show (e.g. a sole trader without a sign)' }) name: string | null;
  @ApiProperty({ nullable: true, type: String }) enseigne: string | null;
  @ApiProperty({ nullable: true, type: String }) nafCode: string | null;
  @ApiProperty({ nullable: true, type: String }) nafLabel: string | null;
  @ApiProperty({ nullable: true, type: String }) communeCode: string | null;
  @ApiProperty({ nullable: true, type: String }) communeName: string | null;
  @ApiProperty({ nullable: true, type: String }) postalCode: string | null;
  @ApiProperty({ nullable: true, type: String }) sizeBand: string | null;
  @ApiProperty({ nullable: true, type: String }) sizeLabel: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'PME, ETI or GE (StockUniteLegale)' }) companyCategory: string | null;
  @ApiProperty() headOffice: boolean;
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: String, description: "'exact', 'commune' or 'chef-lieu': how precise distances are" }) geoPrecision: string | null;
  @ApiPropertyOptional({ description: 'Great-circle km from `near` (GeoNames / SIRENE coordinates)' }) distanceKm?: number;
}

export class AnnotationDto {
  @ApiPropertyOptional({ type: [String], example: ['usinage 5 axes', 'rectification'] })
  @IsOptional()
  @TrimEach()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  capabilities?: string[];

  @ApiPropertyOptional({ type: [String], example: ['ISO 9001', 'EN 9100'] })
  @IsOptional()
  @TrimEach()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  certifications?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  contactName?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Trim()
  @IsEmail()
  @MaxLength(200)
  contactEmail?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Trim()
  @Matches(/^[+0-9 ().-]{6,40}$/, { message: 'contactPhone must be a phone number' })
  contactPhone?: string | null;
}

export class AnnotationView {
  @ApiProperty({ type: [String] }) capabilities: string[];
  @ApiProperty({ type: [String] }) certifications: string[];
  @ApiProperty() notes: string;
  @ApiProperty({ nullable: true, type: String }) contactName: string | null;
  @ApiProperty({ nullable: true, type: String }) contactEmail: string | null;
  @ApiProperty({ nullable: true, type: String }) contactPhone: string | null;
  @ApiProperty({ nullable: true, type: String }) updatedAt: string | null;
}

export class SupplierDetailView extends SupplierView {
  @ApiProperty({ nullable: true, type: String }) createdOn: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) employer: boolean | null;
  @ApiProperty({ type: AnnotationView, nullable: true, description: "This tenant's own knowledge of the company (never another tenant's)" }) annotation: AnnotationView | null;
}

export class ImportView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed'] }) status: string;
  @ApiProperty() progress: number;
  @ApiProperty() rowsRead: number;
  @ApiProperty() rowsKept: number;
  @ApiProperty({ description: 'Closed establishments (état F): marked inactive when known' }) rowsClosed: number;
  @ApiProperty() rowsRejected: number;
  @ApiProperty({ description: 'The first rejected rows and why (French)' }) rejectedSamples: RejectedSample[];
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({ description: 'Uploaded file names by role' }) files: Record<string, string>;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
  @ApiProperty() createdAt: string;
}

export class CreateSourcingRequestDto {
  @ApiProperty({ enum: SOURCING_DIRECTIONS })
  @IsIn(SOURCING_DIRECTIONS)
  direction: SourcingDirection;

  @ApiProperty({ example: 'Pièces usinées en aluminium' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  label: string;

  @ApiProperty({ type: [String], example: ['25.62B', '24.42'], description: 'NAF rév. 2 codes at any level (division to sous-classe)' })
  @TrimEach()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  nafCodes: string[];

  @ApiPropertyOptional({ type: [String], example: ['usinage', 'aluminium'] })
  @IsOptional()
  @TrimEach()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MinLength(3, { each: true })
  @MaxLength(60, { each: true })
  keywords?: string[];

  @ApiPropertyOptional({ default: DEFAULT_REQUEST_RADIUS_KM, maximum: MAX_RADIUS_KM })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RADIUS_KM)
  radiusKm?: number;

  @ApiPropertyOptional({ type: [String], example: ['11', '12', '21'], description: 'SIRENE headcount bands preferred' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(16)
  @IsString({ each: true })
  sizeBands?: string[];
}

export class SourcingRequestView {
  @ApiProperty() id: string;
  @ApiProperty() projectId: string;
  @ApiProperty({ enum: SOURCING_DIRECTIONS }) direction: SourcingDirection;
  @ApiProperty() label: string;
  @ApiProperty({ type: [String] }) nafCodes: string[];
  @ApiProperty({ type: [String] }) keywords: string[];
  @ApiProperty() radiusKm: number;
  @ApiProperty({ type: [String] }) sizeBands: string[];
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed'] }) status: string;
  @ApiProperty() progress: number;
  @ApiProperty() candidateCount: number;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({ nullable: true, type: String }) computedAt: string | null;
  @ApiProperty() createdAt: string;
}

export class CandidateSupplierView {
  @ApiProperty() siret: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) nafCode: string | null;
  @ApiProperty({ nullable: true, type: String }) communeCode: string | null;
  @ApiProperty({ nullable: true, type: String }) communeName: string | null;
}

export class CandidateView {
  @ApiProperty() id: string;
  @ApiProperty() requestId: string;
  @ApiProperty() rank: number;
  @ApiProperty({ type: CandidateSupplierView }) supplier: CandidateSupplierView;
  @ApiProperty({ nullable: true, type: Number }) distanceKm: number | null;
  @ApiProperty({ description: 'Out of 100' }) score: number;
  @ApiProperty({ type: [String], description: 'Why this rank, in French' }) reasons: string[];
  @ApiProperty({ enum: CANDIDATE_STATUSES }) status: CandidateStatus;
  @ApiProperty() note: string;
  @ApiProperty({ nullable: true, type: String }) buyerId: string | null;
  @ApiProperty({ nullable: true, type: String }) statusChangedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) statusChangedBy: string | null;
}

export class CandidatesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CANDIDATE_STATUSES })
  @IsOptional()
  @IsIn(CANDIDATE_STATUSES)
  status?: CandidateStatus;
}

export class UpdateCandidateDto {
  @ApiPropertyOptional({ enum: CANDIDATE_STATUSES })
  @IsOptional()
  @IsIn(CANDIDATE_STATUSES)
  status?: CandidateStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}
