import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { AccessGuard } from './access.guard';
import { JWT_AUDIENCE, JWT_ISSUER, JwtStrategy } from './jwt.strategy';

@Global()
@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwt.accessSecret,
        signOptions: { algorithm: 'HS256', expiresIn: config.jwt.accessTtlSeconds, issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
      }),
    }),
  ],
  providers: [JwtStrategy, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [JwtModule],
})
export class AuthPlatformModule {}
