import { Global, Module } from '@nestjs/common';
import { AppConfig, getConfig } from './config';

/** Injection token for the validated {@link AppConfig}. */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({
  providers: [{ provide: APP_CONFIG, useFactory: (): AppConfig => getConfig() }],
  exports: [APP_CONFIG],
})
export class ConfigModule {}
