import { Body, Controller, Get, Header, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import accepts from 'accepts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@filiere/platform/auth';
import { DomainError } from '@filiere/platform/errors';
import { UuidPipe } from '@filiere/platform/http';
import { followUpErrorPage, followUpFormPage, followUpThanksPage, parseFollowUpForm } from './follow-up-page';
import { FollowUpFormView, FollowUpsService } from './follow-ups.service';
import { FollowUpAnswerDto } from './reporting.dto';

/**
 * The follow-up forms, public (the token of the emailed link is the credential): as JSON for the
 * web app, and as a plain French HTML page that works without it.
 */
@ApiTags('reporting')
@Controller('follow-ups/:projectId/:token')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Get()
  @Public()
  @ApiOkResponse({ description: 'The form: project, stage, current figures, fields. 404 unknown token or other project, 410 answered' })
  form(@Param('projectId', UuidPipe) projectId: string, @Param('token') token: string): Promise<FollowUpFormView> {
    return this.followUps.form(projectId, token);
  }

  @Post()
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ description: '{status: "answered"}; the achieved outcomes given replace the project’s; the token is then spent (410)' })
  answer(@Param('projectId', UuidPipe) projectId: string, @Param('token') token: string, @Body() dto: FollowUpAnswerDto): Promise<{ status: 'answered'; stage: number }> {
    return this.followUps.answer(projectId, token, dto);
  }

  @Get('form')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  async page(@Param('projectId') projectId: string, @Param('token') token: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    try {
      return followUpFormPage(await this.followUps.form(projectId, token));
    } catch (err) {
      return errorPage(err, req, res);
    }
  }

  @Post('form')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  async submit(@Param('projectId') projectId: string, @Param('token') token: string, @Body() body: Record<string, unknown>, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    try {
      const form = await this.followUps.form(projectId, token);
      const { answer, values, errors } = parseFollowUpForm(body ?? {});
      if (Object.keys(errors).length) {
        res.status(400);
        return followUpFormPage(form, values, errors);
      }
      await this.followUps.answer(projectId, token, answer);
      return followUpThanksPage();
    } catch (err) {
      return errorPage(err, req, res);
    }
  }
}

/** A French page for browsers (they ask for HTML); other clients get the API's JSON error. */
function errorPage(err: unknown, req: FastifyRequest, res: FastifyReply): string {
  if (err instanceof DomainError && (err.statusCode === 404 || err.statusCode === 410) && accepts(req.raw).type(['json', 'html']) === 'html') {
    res.status(err.statusCode);
    return followUpErrorPage(err.statusCode);
  }
  throw err;
}
