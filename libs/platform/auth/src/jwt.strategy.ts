import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, AppConfig } from '@filiere/platform/config';
import { AccessTokenPayload, Actor } from './actor';

export const JWT_ISSUER = 'filiere';
export const JWT_AUDIENCE = 'filiere-api';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A ready key object: jsonwebtoken otherwise tries (and fails) to parse the secret as a public key on every request.
      // passport-jwt's types predate KeyObject; jsonwebtoken (which receives it) accepts one.
      secretOrKey: createSecretKey(Buffer.from(config.jwt.accessSecret)) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  validate(payload: AccessTokenPayload): Actor {
    return { userId: payload.sub, tenantId: payload.tid, role: payload.role, membershipId: payload.mid };
  }
}
