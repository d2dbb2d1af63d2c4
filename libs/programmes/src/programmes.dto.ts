import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Trim } from '@filiere/platform/http';


export class MilestoneTemplateDto {
  @ApiProperty({ example: 'fournisseurs_identifies' })
  @IsString()
  @Matches(/^[a-z0-9_-]{1,64}$/, { message: 'key must be 1-64 lower-case letters, digits, _ or -' })
  key: string;

  @ApiProperty({ example: 'Fournisseurs locaux identifiés' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: 'Sourcing amont' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  phase: string;

  @ApiProperty({ example: 21, description: 'Days after the cohort start date' })
  @IsInt()
  @Min(0)
  @Max(3650)
  offsetDays: number;

  @ApiProperty({ example: 21 })
  @IsInt()
  @Min(0)
  @Max(3650)
  durationDays: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

export class CreateProgrammeDto {
  @ApiProperty({ example: 'Accélérateur relocalisation — BFC 2027' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(160)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ type: [MilestoneTemplateDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MilestoneTemplateDto)
  milestoneTemplates: MilestoneTemplateDto[];
}

export class UpdateProgrammeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(160)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ type: [MilestoneTemplateDto] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MilestoneTemplateDto)
  milestoneTemplates?: MilestoneTemplateDto[];
}

export class CopyProgrammeDto {
  @ApiPropertyOptional({ description: 'Name of the copy (default: the original name)' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(160)
  name?: string;
}

export class ProgrammeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: 'True for the national methodology (read-only for tenants)' }) national: boolean;
  @ApiProperty({ type: [MilestoneTemplateDto] }) milestoneTemplates: MilestoneTemplateDto[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}
