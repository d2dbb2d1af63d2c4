import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/filiere');
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379/0');
    expect(c.jwt.generated).toBe(true);
    expect(c.jwt.accessSecret.length).toBeGreaterThanOrEqual(32);
    expect(c.demoSeed).toBe(true);
    expect(c.platformAdmin).toBeNull();
    expect(c.sireneParseThreads).toBeNull();
    expect(loadConfig({ SIRENE_PARSE_THREADS: '0' }).sireneParseThreads).toBe(0);
    expect(loadConfig({ SIRENE_PARSE_THREADS: '2' }).sireneParseThreads).toBe(2);
  });

  it.each([
    [{ DATABASE_URL: 'mysql://x@y/z' }, /DATABASE_URL must use postgres: or postgresql:/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL must be a URL/],
    [{ REDIS_URL: 'http://localhost' }, /REDIS_URL must use redis: or rediss:/],
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be between 0 and 65535/],
    [{ NODE_ENV: 'production' }, /JWT_ACCESS_SECRET is required in production/],
    [{ JWT_ACCESS_SECRET: 'short' }, /JWT_ACCESS_SECRET must be at least 32 characters/],
    [{ CORS_ORIGINS: 'localhost:5173' }, /CORS_ORIGINS must be a comma-separated list/],
    [{ DEMO_SEED: 'maybe' }, /DEMO_SEED must be true or false/],
    [{ SIRENE_PARSE_THREADS: '12' }, /SIRENE_PARSE_THREADS must be between 0 and 8/],
    [{ PLATFORM_ADMIN_EMAIL: 'ops@filiere.fr', PLATFORM_ADMIN_PASSWORD: 'short' }, /PLATFORM_ADMIN_PASSWORD must be at least 12/],
  ])('rejects %j with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads the platform admin and CORS origins', () => {
    const c = loadConfig({
      PLATFORM_ADMIN_EMAIL: 'Ops@Filiere.fr',
      PLATFORM_ADMIN_PASSWORD: 'a-long-password-123',
      CORS_ORIGINS: 'https://app.filiere.fr, http://localhost:5173',
      DEMO_SEED: 'false',
    });
    expect(c.platformAdmin).toEqual({ email: 'ops@filiere.fr', password: 'a-long-password-123' });
    expect(c.corsOrigins).toEqual(['https://app.filiere.fr', 'http://localhost:5173']);
    expect(c.demoSeed).toBe(false);
  });
});
