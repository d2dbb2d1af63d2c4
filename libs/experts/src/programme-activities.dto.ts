import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
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
import { ACADEMIC_MEMBER_ROLES, DELIVERABLE_STATUSES, TRAINING_MODES, type AcademicMemberRole, type DeliverableStatus, type TrainingMode } from './experts.entities';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

// ----------------------------------------------------------------------------- academic teams

export class AcademicMemberDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A coach user of the tenant (gets access to this project only); omit for a member without login' })
  @IsOptional()
  @IsUUID('all')
  userId?: string;

  @ApiPropertyOptional({ example: 'Léa Martin (M1 UTBM)', description: 'Required without userId' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(160)
  name?: string;

  @ApiProperty({ enum: ACADEMIC_MEMBER_ROLES })
  @IsIn(ACADEMIC_MEMBER_ROLES, { message: `role must be one of ${ACADEMIC_MEMBER_ROLES.join(', ')}` })
  role: AcademicMemberRole;
}

export class CreateAcademicTeamDto {
  @ApiProperty({ example: 'Étude de marché — pièces de fonderie' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: '2027-04-15' })
  @IsDateOnly()
  dueDate: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An organisation of kind school' })
  @IsOptional()
  @IsUUID('all')
  schoolOrganisationId?: string;

  @ApiPropertyOptional({ type: [AcademicMemberDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => AcademicMemberDto)
  members?: AcademicMemberDto[];
}

export class UpdateAcademicTeamDto {
  @ApiPropertyOptional({ description: 'Staff only' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ description: 'Staff only' })
  @IsOptional()
  @IsDateOnly()
  dueDate?: string;

  @ApiPropertyOptional({ enum: DELIVERABLE_STATUSES, description: 'planned → in_progress → submitted (needs documentUrl) → assessed (teacher or staff, needs assessment); submitted → in_progress sends it back' })
  @IsOptional()
  @IsIn(DELIVERABLE_STATUSES, { message: `status must be one of ${DELIVERABLE_STATUSES.join(', ')}` })
  status?: DeliverableStatus;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'https://drive.example.fr/etude-marche.pdf' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'documentUrl must be an http(s) URL' })
  @MaxLength(2048)
  documentUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'The teacher’s assessment (teacher member or staff)' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  assessment?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, maximum: 20 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(20)
  grade?: number | null;
}

export class AcademicMemberView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) userId: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ACADEMIC_MEMBER_ROLES }) role: AcademicMemberRole;
}

export class AcademicTeamView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) schoolOrganisationId: string | null;
  @ApiProperty({ nullable: true, type: String }) schoolName: string | null;
  @ApiProperty() title: string;
  @ApiProperty() dueDate: string;
  @ApiProperty({ description: 'Due date passed and not submitted' }) late: boolean;
  @ApiProperty({ enum: DELIVERABLE_STATUSES }) status: DeliverableStatus;
  @ApiProperty({ nullable: true, type: String }) documentUrl: string | null;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) assessment: string | null;
  @ApiProperty({ nullable: true, type: Number }) grade: number | null;
  @ApiProperty({ nullable: true, type: String }) assessedAt: string | null;
  @ApiProperty({ type: [AcademicMemberView] }) members: AcademicMemberView[];
  @ApiProperty() createdAt: string;
}

export class AcademicTeamsQuery extends PageQuery {}

// ----------------------------------------------------------------------------- trainings

export class CreateTrainingDto {
  @ApiProperty({ example: 'Achats responsables et sourcing local' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  topic: string;

  @ApiProperty({ example: 'Marc Durand (Cabinet Circulaire)' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(160)
  trainerName: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'When the trainer is a user of the tenant' })
  @IsOptional()
  @IsUUID('all')
  trainerUserId?: string;

  @ApiProperty({ example: '2027-03-10T09:00:00+01:00' })
  @Matches(INSTANT, { message: 'startsAt must be an ISO 8601 instant with its zone, e.g. 2027-03-10T09:00:00+01:00' })
  startsAt: string;

  @ApiProperty({ minimum: 15, maximum: 2880, example: 180 })
  @IsInt()
  @Min(15)
  @Max(2880)
  durationMinutes: number;

  @ApiProperty({ enum: TRAINING_MODES })
  @IsIn(TRAINING_MODES, { message: `mode must be one of ${TRAINING_MODES.join(', ')}` })
  mode: TrainingMode;

  @ApiProperty({ example: 'CCI Saône-Doubs, 46 avenue Villarceau, Besançon', description: 'Address, or the meeting link when online' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  location: string;

  @ApiProperty({ minimum: 1, maximum: 500, example: 12 })
  @IsInt()
  @Min(1)
  @Max(500)
  capacity: number;

  @ApiPropertyOptional({ type: [String], description: 'Projects of the cohort invited' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  projectIds?: string[];
}

export class InviteProjectsDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  projectIds: string[];
}

export class RegisterDto {
  @ApiProperty({ format: 'uuid', description: 'An invited project the participant comes for' })
  @IsUUID('all')
  projectId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Staff only: register this user (holders and coaches register themselves by default)' })
  @IsOptional()
  @IsUUID('all')
  userId?: string;

  @ApiPropertyOptional({ example: 'Paul Roy (responsable achats)', description: 'A participant without login (e.g. an employee of the company)' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(160)
  name?: string;
}

export class AttendanceItemDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  registrationId: string;

  @ApiProperty()
  @IsBoolean()
  attended: boolean;
}

export class AttendanceDto {
  @ApiProperty({ type: [AttendanceItemDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AttendanceItemDto)
  items: AttendanceItemDto[];
}

export class TrainingsQuery extends PageQuery {}

export class TrainingProjectView {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty() title: string;
}

export class RegistrationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) userId: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: Boolean }) attended: boolean | null;
  @ApiProperty() createdAt: string;
}

export class TrainingView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) cohortId: string;
  @ApiProperty() topic: string;
  @ApiProperty() trainerName: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) trainerUserId: string | null;
  @ApiProperty() startsAt: string;
  @ApiProperty() durationMinutes: number;
  @ApiProperty({ enum: TRAINING_MODES }) mode: TrainingMode;
  @ApiProperty() location: string;
  @ApiProperty() capacity: number;
  @ApiProperty() seatsTaken: number;
  @ApiProperty() seatsLeft: number;
  @ApiProperty({ type: [TrainingProjectView] }) projects: TrainingProjectView[];
  @ApiProperty({ type: [RegistrationView], description: 'Staff see all; holders and coaches those of their projects' }) registrations: RegistrationView[];
  @ApiProperty() createdAt: string;
}
