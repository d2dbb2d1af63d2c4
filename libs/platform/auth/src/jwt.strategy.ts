import { Inject, Injectable } from '@nestjs/common';
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
      secretOrKey: config.jwt.accessSecret,
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
