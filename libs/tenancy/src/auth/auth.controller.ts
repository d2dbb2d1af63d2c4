import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Actor, CurrentActor, Public, Roles } from '@filiere/platform/auth';
import { LoginDto, MeView, RefreshDto, AuthSessionView } from './auth.dto';
import { AuthService } from './auth.service';
import { LoginThrottlerGuard } from './login-throttler.guard';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  @UseGuards(LoginThrottlerGuard)
  @ApiOkResponse({ type: AuthSessionView })
  @ApiTooManyRequestsResponse({ description: 'More than the allowed attempts a minute for this email and address' })
  login(@Body() dto: LoginDto): Promise<AuthSessionView> {
    return this.auth.login(dto.email, dto.password, dto.tenant);
  }

  @Post('auth/refresh')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: AuthSessionView })
  refresh(@Body() dto: RefreshDto): Promise<AuthSessionView> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('auth/logout')
  @Roles('platform_admin', 'admin', 'advisor', 'coach', 'holder', 'partner')
  @HttpCode(204)
  @ApiNoContentResponse()
  logout(@CurrentActor() actor: Actor, @Body() dto: RefreshDto): Promise<void> {
    return this.auth.logout(actor, dto.refreshToken);
  }

  @Get('me')
  @Roles('platform_admin', 'admin', 'advisor', 'coach', 'holder', 'partner')
  @ApiOkResponse({ type: MeView })
  me(@CurrentActor() actor: Actor): Promise<MeView> {
    return this.auth.me(actor);
  }
}
