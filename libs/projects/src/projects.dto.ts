import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNotEmptyObject,
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
import type { CoachingBudgetAlert } from '@filiere/cohorts';
import { MILESTONE_STATUSES, type MilestoneStatus } from './milestone.entity';
import { PROJECT_KINDS, PROJECT_STATUSES, type ProjectKind, type ProjectStatus } from './project.entity';

const digitsOnly = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.replace(/[\s.]/g, '') : value);

export class CompanyDto {
  @ApiProperty({ example: '73282932000074', description: '14 digits, Luhn-checked (La Poste rule included)' })
  @Transform(digitsOnly)
  @IsString()
  @Matches(/^\d{14}$/, { message: 'siret must be 14 digits' })
  siret: string;

  @ApiProperty({ example: 'Usinage Précis du Doubs' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '25.62B', description: 'NAF rév. 2 sous-classe' })
  @Trim()
  @IsString()
  @MaxLength(8)
  nafCode: string;

  @ApiProperty({ example: '25056', description: 'INSEE commune code' })
  @Trim()
  @IsString()
  @Matches(/^(\d{5}|2[AB]\d{3})$/, { message: 'communeCode must be an INSEE commune code (5 characters)' })
  communeCode: string;

  @ApiPropertyOptional({ example: '12', description: "SIRENE headcount band (tranche d'effectifs)" })
  @IsOptional()
  @IsString()
  @Matches(/^(NN|\d{2})$/, { message: 'sizeBand must be a SIRENE headcount band code such as 12' })
  sizeBand?: string;
}

export class ProductDto {
  @ApiProperty({ example: 'Roues de turbine Pelton' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  label: string;

  @ApiPropertyOptional({ example: '28.11Z' })
  @IsOptional()
  @IsString()
  @MaxLength(8)
  nafCode?: string;

  @ApiPropertyOptional({ example: '841090', description: 'Harmonized System code (4 to 10 digits)' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4,10}$/, { message: 'hsCode must be 4 to 10 digits' })
  hsCode?: string;
}

export class CreateProjectDto {
  @ApiProperty({ example: 'Relocaliser la fabrication de roues de turbine' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty()
  @IsString()
  @MaxLength(10_000)
  summary: string;

  @ApiProperty({ enum: PROJECT_KINDS, description: 'What is relocalised: a company, an activity or a value chain' })
  @IsIn(PROJECT_KINDS, { message: `kind must be one of ${PROJECT_KINDS.join(', ')}` })
  kind: ProjectKind;

  @ApiProperty({ type: CompanyDto })
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => CompanyDto)
  company: CompanyDto;

  @ApiProperty({ type: [ProductDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ProductDto)
  products: ProductDto[];

  @ApiPropertyOptional({ description: 'Planned investment in cents' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000_000_00)
  investmentCents?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  jobsPlanned?: number;
}

export class UpdateProjectDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  summary?: string;

  @ApiPropertyOptional({ enum: PROJECT_KINDS })
  @IsOptional()
  @IsIn(PROJECT_KINDS)
  kind?: ProjectKind;

  @ApiPropertyOptional({ type: CompanyDto, description: 'Admins and advisors only' })
  @IsOptional()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => CompanyDto)
  company?: CompanyDto;

  @ApiPropertyOptional({ type: [ProductDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ProductDto)
  products?: ProductDto[];

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000_000_00)
  investmentCents?: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  jobsPlanned?: number | null;

  @ApiPropertyOptional({ enum: PROJECT_STATUSES, description: 'Admins and advisors only: applied → selected → active → completed, or withdrawn' })
  @IsOptional()
  @IsIn(PROJECT_STATUSES)
  status?: ProjectStatus;
}

export class ProjectsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROJECT_STATUSES })
  @IsOptional()
  @IsIn(PROJECT_STATUSES)
  status?: ProjectStatus;

  @ApiPropertyOptional({ description: 'Text in the title or the company name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class AssignCoachDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId: string;
}

export class UpdateMilestoneDto {
  @ApiPropertyOptional({ enum: MILESTONE_STATUSES })
  @IsOptional()
  @IsIn(MILESTONE_STATUSES, { message: `status must be one of ${MILESTONE_STATUSES.join(', ')}` })
  status?: MilestoneStatus;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'https://drive.example.fr/diagnostic.pdf' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'evidenceUrl must be an http(s) URL' })
  @MaxLength(2048)
  evidenceUrl?: string | null;

  @ApiPropertyOptional({ example: '2027-02-15', description: 'Admins and advisors only' })
  @IsOptional()
  @IsDateOnly()
  dueDate?: string;
}

export class CompanyView {
  @ApiProperty() siret: string;
  @ApiProperty() siren: string;
  @ApiProperty() name: string;
  @ApiProperty() nafNomenclature: string;
  @ApiProperty() nafCode: string;
  @ApiProperty() nafLabel: string;
  @ApiProperty() communeCode: string;
  @ApiProperty() communeName: string;
  @ApiProperty() departementCode: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ nullable: true, type: String }) sizeBand: string | null;
}

export class ProjectMemberView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['coach', 'holder'] }) role: 'coach' | 'holder';
}

export class ProjectView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) cohortId: string;
  @ApiProperty() title: string;
  @ApiProperty() summary: string;
  @ApiProperty({ enum: PROJECT_KINDS }) kind: ProjectKind;
  @ApiProperty({ type: CompanyView }) company: CompanyView;
  @ApiProperty({ type: [ProductDto] }) products: ProductDto[];
  @ApiProperty({ nullable: true, type: Number }) investmentCents: number | null;
  @ApiProperty({ nullable: true, type: Number }) jobsPlanned: number | null;
  @ApiProperty({ enum: PROJECT_STATUSES }) status: ProjectStatus;
  @ApiProperty({ type: [ProjectMemberView] }) members: ProjectMemberView[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class MilestoneView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty() key: string;
  @ApiProperty() title: string;
  @ApiProperty() phase: string;
  @ApiProperty() description: string;
  @ApiProperty() position: number;
  @ApiProperty() startDate: string;
  @ApiProperty() dueDate: string;
  @ApiProperty({ enum: MILESTONE_STATUSES }) status: MilestoneStatus;
  @ApiProperty({ description: 'Not done and due before today (Europe/Paris)' }) late: boolean;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: String }) evidenceUrl: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) completedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class CreatedProjectView extends ProjectView {
  @ApiProperty({ type: [MilestoneView] }) milestones: MilestoneView[];
}

export class DashboardMilestoneCounts {
  @ApiProperty() todo: number;
  @ApiProperty() inProgress: number;
  @ApiProperty() done: number;
  @ApiProperty() blocked: number;
  @ApiProperty() total: number;
}

export class DashboardNextDue {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() dueDate: string;
  @ApiProperty() late: boolean;
}

export class DashboardDeliverables {
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Submitted or assessed' }) submitted: number;
  @ApiProperty({ description: 'Not submitted and past their due date' }) late: number;
}

export class DashboardTrainings {
  @ApiProperty({ description: 'Trainings where at least one participant of the project was present' }) attended: number;
  @ApiProperty({ description: 'Participants present, all trainings together' }) participants: number;
}

export class DashboardRow {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty() title: string;
  @ApiProperty() companyName: string;
  @ApiProperty({ enum: PROJECT_STATUSES }) status: ProjectStatus;
  @ApiProperty({ type: DashboardMilestoneCounts }) milestones: DashboardMilestoneCounts;
  @ApiProperty() lateCount: number;
  @ApiProperty({ type: DashboardNextDue, nullable: true }) nextDue: DashboardNextDue | null;
  @ApiProperty({ description: 'Minutes of coaching sessions logged on the project' }) coachingMinutes: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Coaching budget of the project (cohort hours per project × 60); null without budget' }) coachingBudgetMinutes: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'coachingMinutes / coachingBudgetMinutes in percent (1 decimal)' }) coachingUsedPercent: number | null;
  @ApiProperty({ enum: ['none', 'warning', 'exceeded'], description: 'warning from 80 % of the budget used, exceeded from 100 %' }) coachingBudgetAlert: CoachingBudgetAlert;
  @ApiProperty({ type: () => [DashboardCoachMinutes], description: 'Minutes per author, plus assigned coaches without sessions' }) coachingByCoach: DashboardCoachMinutes[];
  @ApiProperty({ type: () => DashboardDeliverables, description: 'Academic deliverables (market studies…) of school teams' }) deliverables: DashboardDeliverables;
  @ApiProperty({ type: () => DashboardTrainings, description: 'Group trainings attended' }) trainings: DashboardTrainings;
  @ApiProperty({ nullable: true, type: String, description: 'Status of the project’s latest invoice (draft, issued, partially_paid, paid, cancelled, or overdue when past due); null without invoice, and always for coaches' }) invoiceStatus: string | null;
}

export class DashboardCoachMinutes {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty() minutes: number;
  @ApiProperty({ description: 'Assigned to the project as coach (else an advisor or a former coach who logged sessions)' }) assigned: boolean;
}

export class DashboardCoachSummary {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Minutes logged on the cohort’s (visible) projects' }) minutes: number;
  @ApiProperty() assignedProjects: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Sum of the budgets of the projects assigned to this coach' }) budgetMinutes: number | null;
}

export class DashboardView {
  @ApiProperty({ format: 'uuid' }) cohortId: string;
  @ApiProperty() today: string;
  @ApiProperty({ type: [DashboardRow] }) projects: DashboardRow[];
  @ApiProperty({ type: [DashboardCoachSummary], description: 'Coaching time per coach across the rows' }) coaches: DashboardCoachSummary[];
}
