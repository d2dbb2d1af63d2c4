import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { requestIdOf } from './request-id';

/** Structured JSON logs (pino); every line of a request carries its request id. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          genReqId: (req) => (req as { id?: string }).id ?? requestIdOf(req),
          customProps: (req) => ({ requestId: (req as { id?: unknown }).id }),
          redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password', 'req.body.refreshToken'],
          autoLogging: { ignore: (req) => req.url === '/api/health' || req.url === '/metrics' },
          serializers: {
            req: (req: { id: unknown; method: unknown; url: unknown }) => ({ id: req.id, method: req.method, url: req.url }),
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
