import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { TENANT_ROLES, type TenantRole } from '@filiere/platform/auth';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords';
import { UserView } from '../auth/auth.dto';
import { Trim, TrimLower } from '@filiere/platform/http';

export class CreateInvitationDto {
  @ApiProperty({ example: 'porteur@exemple.fr' })
  @TrimLower()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ enum: TENANT_ROLES })
  @IsIn(TENANT_ROLES, { message: `role must be one of ${TENANT_ROLES.join(', ')}` })
  role: TenantRole;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for a holder, optional for a coach, refused for other roles' })
  @IsOptional()
  @IsUUID()
  projectId?: string;
}

export class InvitationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: TENANT_ROLES }) role: TenantRole;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) projectId: string | null;
  @ApiProperty({ description: 'Secret shown once: send it to the person (email comes with the notifications issue)' }) token: string;
  @ApiProperty() acceptUrl: string;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: string;
}

export class AcceptInvitationDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  token: string;

  @ApiProperty({ example: 'Camille Martin' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(120)
  name: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: `password must be at least ${MIN_PASSWORD_LENGTH} characters long` })
  @MaxLength(512)
  password: string;
}

export class AcceptedInvitationView {
  @ApiProperty({ type: UserView }) user: UserView;
}
