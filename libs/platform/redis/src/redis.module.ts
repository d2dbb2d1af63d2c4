import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/**
 * A general-purpose Redis client for the HTTP side (rate limits, health). It fails fast
 * while Redis is down (no offline queue) so requests never hang on it.
 */
export function createRedisClient(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Redis => {
        const client = createRedisClient(config.redisUrl, 'filiere-http');
        const logger = new Logger('Redis');
        let lastError = '';
        client.on('error', (err: Error) => {
          if (err.message !== lastError) logger.warn(`Redis unavailable: ${err.message}`);
          lastError = err.message;
        });
        client.on('ready', () => {
          lastError = '';
        });
        return client;
      },
    },
    RedisLifecycle,
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule {}
