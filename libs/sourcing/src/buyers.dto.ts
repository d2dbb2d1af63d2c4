import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Trim } from '@filiere/platform/http';
import type { LedgerAnalysis } from './purchase-ledger';

const COMMUNE = /^(\d{5}|2[AB]\d{3})$/;

export class CreateBuyerDto {
  @ApiProperty({ example: '35600000000048' })
  @Trim()
  @Matches(/^\d{14}$/, { message: 'siret must be 14 digits' })
  siret: string;

  @ApiPropertyOptional({ description: 'Required when the SIRET is not in the supplier directory' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '10.13A', description: 'NAF rév. 2; prefilled from the directory' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(8)
  nafCode?: string;

  @ApiPropertyOptional({ example: '29232', description: 'Required when the SIRET is not in the supplier directory' })
  @IsOptional()
  @Trim()
  @Matches(COMMUNE, { message: 'communeCode must be an INSEE commune code (5 characters)' })
  communeCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string;
}

/** Everything but the SIRET; `nafCode: null` clears the NAF code. */
export class UpdateBuyerDto extends PartialType(OmitType(CreateBuyerDto, ['siret'] as const)) {}

export class CreatePurchaseCategoryDto {
  @ApiPropertyOptional({ example: '25.62', description: 'NAF rév. 2 code at any level from division to sous-classe' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(8)
  nafCode?: string;

  @ApiPropertyOptional({ example: 'Pièces usinées', description: 'Free label; defaults to the NAF label' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  label?: string;

  @ApiPropertyOptional({ example: 25000000, description: 'Annual purchase volume, euro cents' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1e15)
  annualVolumeCents?: number;
}

export class PurchaseCategoryView {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) nafCode: string | null;
  @ApiProperty({ nullable: true, type: String }) nafLabel: string | null;
  @ApiProperty() label: string;
  @ApiProperty({ nullable: true, type: Number }) annualVolumeCents: number | null;
  @ApiProperty() createdAt: string;
}

export class BuyerView {
  @ApiProperty() id: string;
  @ApiProperty() siret: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) nafCode: string | null;
  @ApiProperty({ nullable: true, type: String }) nafLabel: string | null;
  @ApiProperty() communeCode: string;
  @ApiProperty({ nullable: true, type: String }) communeName: string | null;
  @ApiProperty({ nullable: true, type: String }) regionCode: string | null;
  @ApiProperty() notes: string;
  @ApiProperty({ description: 'In the supplier directory: only then a candidate of downstream requests' }) inDirectory: boolean;
  @ApiProperty({ type: [PurchaseCategoryView] }) categories: PurchaseCategoryView[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class LocalBuyerView {
  @ApiProperty({ type: BuyerView }) buyer: BuyerView;
  @ApiProperty({ enum: ['sous-classe', 'classe', 'groupe', 'division'] }) closeness: string;
  @ApiProperty({ nullable: true, type: Number }) distanceKm: number | null;
  @ApiProperty({ type: [String], description: 'Why, in French' }) reasons: string[];
  @ApiProperty({ type: [PurchaseCategoryView] }) matchingCategories: PurchaseCategoryView[];
}

export class PurchaseLedgerAnalysisView {
  @ApiProperty() id: string;
  @ApiProperty() buyerId: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ description: 'Zones, unknown région, top categories bought outside the région, rejected rows' }) result: LedgerAnalysis;
  @ApiProperty() createdAt: string;
}
