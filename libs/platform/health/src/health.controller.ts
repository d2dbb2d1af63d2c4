import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Public } from '@filiere/platform/auth';
import { REDIS_CLIENT } from '@filiere/platform/redis';
import { checkHealth, HealthReport } from './health';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
  ) {}

  @Get()
  @Public()
  @ApiOkResponse({ description: '{ status: "ok", db: "up", redis: "up" }' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down' })
  async health(@Res({ passthrough: true }) res: FastifyReply): Promise<HealthReport> {
    const report = await checkHealth(this.dataSource, this.redis);
    res.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
