import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsDateOnly, PageQuery, Trim } from '@filiere/platform/http';
import { INVOICE_STATUSES, PAYMENT_METHODS, type InvoiceStatus, type PaymentMethod } from './invoice.entities';

const MAX_CENTS = 100_000_000_00; // 100 M€

export class BillingSettingsDto {
  @ApiProperty({ example: 'Chambre de commerce et d’industrie de région Bourgogne-Franche-Comté' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  legalName: string;

  @ApiProperty({ example: '13002097800010' })
  @Matches(/^\d{14}$/, { message: 'siret must be 14 digits' })
  siret: string;

  @ApiProperty({ example: 'FR40130020978', description: 'Intra-EU VAT number; must be the one of the SIRET’s SIREN' })
  @Trim()
  @Matches(/^FR[0-9A-Z]{2}\d{9}$/, { message: 'vatNumber must look like FR + 2 characters + SIREN' })
  vatNumber: string;

  @ApiProperty({ example: '46 avenue Villarceau' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  addressLine: string;

  @ApiProperty({ example: '25000' })
  @Matches(/^\d{5}$/, { message: 'postalCode must be 5 digits' })
  postalCode: string;

  @ApiProperty({ example: 'Besançon' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  city: string;

  @ApiProperty({ example: 'FR76 3000 6000 0112 3456 7890 189' })
  @Trim()
  @IsString()
  @MaxLength(42)
  iban: string;

  @ApiPropertyOptional({ example: 'AGRIFRPP' })
  @IsOptional()
  @Matches(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, { message: 'bic must be a BIC (8 or 11 characters)' })
  bic?: string;

  @ApiPropertyOptional({ example: 30, minimum: 0, maximum: 60, default: 30 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  paymentTermsDays?: number;

  @ApiPropertyOptional({ example: 'trois fois le taux d’intérêt légal' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  latePenaltyRate?: string;

  @ApiPropertyOptional({ example: '411000' }) @IsOptional() @Matches(/^\d{3,10}$/, { message: 'customerAccount must be 3 to 10 digits' }) customerAccount?: string;
  @ApiPropertyOptional({ example: '706000' }) @IsOptional() @Matches(/^\d{3,10}$/, { message: 'salesAccount must be 3 to 10 digits' }) salesAccount?: string;
  @ApiPropertyOptional({ example: '445710' }) @IsOptional() @Matches(/^\d{3,10}$/, { message: 'vatAccount must be 3 to 10 digits' }) vatAccount?: string;
  @ApiPropertyOptional({ example: '512000' }) @IsOptional() @Matches(/^\d{3,10}$/, { message: 'bankAccount must be 3 to 10 digits' }) bankAccount?: string;
}

export class InvoiceLineDto {
  @ApiProperty({ example: 'Frais de participation — Accélérateur relocalisation' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  label: string;

  @ApiProperty({ example: 1, description: 'Up to 3 decimals' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 })
  @Min(0.001)
  @Max(100_000)
  quantity: number;

  @ApiProperty({ example: 249000, description: 'Unit price excl. VAT, in cents' })
  @IsInt()
  @Min(0)
  @Max(MAX_CENTS)
  unitPriceCents: number;

  @ApiProperty({ example: 20, description: 'VAT rate in percent: 20, 10, 5.5, 2.1 or 0' })
  @IsIn([20, 10, 8.5, 5.5, 2.1, 1.05, 0], { message: 'vatRate must be a French VAT rate: 20, 10, 8.5, 5.5, 2.1, 1.05 or 0' })
  vatRate: number;
}

export class AddressDto {
  @ApiProperty({ example: '12 rue de l’Industrie' }) @Trim() @IsString() @IsNotEmpty() @MaxLength(300) addressLine: string;
  @ApiProperty({ example: '25000' }) @Matches(/^\d{5}$/, { message: 'postalCode must be 5 digits' }) postalCode: string;
  @ApiProperty({ example: 'Besançon' }) @Trim() @IsString() @IsNotEmpty() @MaxLength(100) city: string;
}

export class CreateInvoiceDto {
  @ApiPropertyOptional({ type: [InvoiceLineDto], description: 'Without lines: one line of the cohort fee at 20 % VAT' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => InvoiceLineDto)
  lines?: InvoiceLineDto[];

  @ApiPropertyOptional({ type: AddressDto, description: 'The customer’s postal address (default: the company’s commune)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  customerAddress?: AddressDto;
}

export class UpdateInvoiceDto extends CreateInvoiceDto {}

export class PaymentDto {
  @ApiProperty({ example: 100000 }) @IsInt() @Min(1) @Max(MAX_CENTS) amountCents: number;
  @ApiProperty({ example: '2026-12-01' }) @IsDateOnly() paidAt: string;
  @ApiProperty({ enum: PAYMENT_METHODS }) @IsIn(PAYMENT_METHODS) method: PaymentMethod;
  @ApiPropertyOptional({ example: 'VIR 2026-12-01 USINAGE' }) @IsOptional() @Trim() @IsString() @MaxLength(100) reference?: string;
}

export class CreditNoteDto {
  @ApiProperty({ example: 'Abandon du projet avant le démarrage' }) @Trim() @IsString() @IsNotEmpty() @MaxLength(500) reason: string;
  @ApiPropertyOptional({ example: 50000, description: 'Incl. VAT; without it, the whole outstanding balance' }) @IsOptional() @IsInt() @Min(1) @Max(MAX_CENTS) amountCents?: number;
}

export class InvoicesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INVOICE_STATUSES }) @IsOptional() @IsIn(INVOICE_STATUSES) status?: InvoiceStatus;
  @ApiPropertyOptional() @IsOptional() @IsUUID() projectId?: string;
}

export class ExportQuery {
  @ApiProperty({ example: '2026-01-01' }) @IsDateOnly() from: string;
  @ApiProperty({ example: '2026-12-31' }) @IsDateOnly() to: string;
}
