import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentTenantActor, Public, Roles, TenantActor } from '@filiere/platform/auth';
import { AcceptedInvitationView, AcceptInvitationDto, CreateInvitationDto, InvitationView } from './invitations.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('people')
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @Roles('admin', 'advisor')
  @ApiCreatedResponse({ type: InvitationView })
  invite(@CurrentTenantActor() actor: TenantActor, @Body() dto: CreateInvitationDto): Promise<InvitationView> {
    return this.invitations.invite(actor, dto);
  }

  @Post('accept')
  @Public()
  @ApiCreatedResponse({ type: AcceptedInvitationView })
  accept(@Body() dto: AcceptInvitationDto): Promise<AcceptedInvitationView> {
    return this.invitations.accept(dto);
  }
}
