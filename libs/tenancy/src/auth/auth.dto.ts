import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { Role } from '@filiere/platform/auth';
import { TrimLower } from '@filiere/platform/http';


export class LoginDto {
  @ApiProperty({ example: 'conseiller@bfc.demo.filiere.fr' })
  @TrimLower()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Filiere-demo-2026!' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  password: string;

  @ApiPropertyOptional({ description: 'Tenant slug, needed when the person belongs to several tenants', example: 'cci-bfc' })
  @IsOptional()
  @TrimLower()
  @IsString()
  @Matches(/^[a-z0-9-]{2,48}$/, { message: 'tenant must be a tenant slug' })
  tenant?: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  refreshToken: string;
}

export class UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
}

export class MembershipView {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) tenantId: string | null;
  @ApiProperty({ nullable: true, type: String }) tenantSlug: string | null;
  @ApiProperty({ nullable: true, type: String }) tenantName: string | null;
  @ApiProperty({ enum: ['platform_admin', 'admin', 'advisor', 'coach', 'holder', 'partner'] }) role: Role;
}

export class AuthSessionView {
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ description: 'Access token lifetime in seconds' }) expiresIn: number;
  @ApiProperty({ type: UserView }) user: UserView;
  @ApiProperty({ type: MembershipView }) membership: MembershipView;
}

export class MeView {
  @ApiProperty({ type: UserView }) user: UserView;
  @ApiProperty({ type: MembershipView }) membership: MembershipView;
  @ApiProperty({ type: [MembershipView], description: 'Every tenant this person belongs to' }) memberships: MembershipView[];
}
