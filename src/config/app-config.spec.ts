import { ConfigValidationError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies defaults and converts numbers and booleans', () => {
    const config = loadConfig({ PORT: '4000', MIGRATIONS_RUN: 'true' });
    expect(config.PORT).toBe(4000);
    expect(config.MIGRATIONS_RUN).toBe(true);
    expect(config.DATABASE_URL).toBe('mysql://root@127.0.0.1:3306/qiyuan');
  });

  it('names every invalid variable', () => {
    expect(() => loadConfig({ PORT: 'abc', JWT_SECRET: 'short', DATABASE_URL: 'postgres://x' })).toThrow(ConfigValidationError);
    try {
      loadConfig({ PORT: 'abc', JWT_SECRET: 'short', DATABASE_URL: 'postgres://x' });
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('JWT_SECRET must be at least 32 characters');
      expect(message).toContain('DATABASE_URL');
    }
  });

  it('requires an explicit JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: must be set explicitly/);
  });
});
