import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { InvitationView } from '../invitations/invitations.dto';
import { Trim, TrimLower } from '@filiere/platform/http';

export class CreateTenantDto {
  @ApiProperty({ example: 'CCI Bourgogne-Franche-Comté' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(160)
  name: string;

  @ApiProperty({ example: 'cci-bfc', description: 'Lower-case letters, digits and dashes' })
  @IsString()
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, { message: 'slug must be 1-48 lower-case letters, digits or dashes, not starting or ending with a dash' })
  slug: string;

  @ApiProperty({ example: '27', description: 'INSEE region code' })
  @IsString()
  @Matches(/^\d{2}$/, { message: 'regionCode must be a two-digit INSEE region code' })
  regionCode: string;

  @ApiProperty({ example: 'direction@cci-bfc.fr' })
  @TrimLower()
  @IsEmail({}, { message: 'adminEmail must be an email address' })
  @MaxLength(254)
  adminEmail: string;
}

export class TenantView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() slug: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

export class CreatedTenantView {
  @ApiProperty({ type: TenantView }) tenant: TenantView;
  @ApiProperty({ type: InvitationView }) invitation: InvitationView;
}
