import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentVariables, loadConfig } from './app-config';

const ROOT = join(__dirname, '..', '..');

/** The variable names assigned in an env file (`NAME=value`), comments and blank lines skipped. */
function variablesIn(file: string): string[] {
  return readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line.trim())?.[1])
    .filter((name): name is string => name !== undefined);
}

/** Every variable app-config.ts reads: the validated class's fields and any direct `env.X` read. */
function variablesReadByAppConfig(): string[] {
  const source = readFileSync(join(__dirname, 'app-config.ts'), 'utf8');
  const direct = [...source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]);
  return [...new Set([...Object.keys(new EnvironmentVariables()), ...direct])].sort();
}

describe('config/production.env.example', () => {
  const listed = variablesIn('config/production.env.example');

  it('lists every variable the application reads', () => {
    const read = variablesReadByAppConfig();
    expect(read).toEqual(expect.arrayContaining(['DATABASE_URL', 'DATABASE_POOL_SIZE', 'HOST', 'MIGRATIONS_RUN', 'WEBHOOK_URL']));
    expect(read.filter((name) => !listed.includes(name))).toEqual([]);
  });

  it('lists nothing the application does not read, each once', () => {
    const read = variablesReadByAppConfig();
    expect(listed.filter((name) => !read.includes(name))).toEqual([]);
    expect(listed.length).toBe(new Set(listed).size);
  });

  it('is a valid configuration as written (apart from the secrets it asks to replace)', () => {
    const env = Object.fromEntries(
      readFileSync(join(ROOT, 'config/production.env.example'), 'utf8')
        .split('\n')
        .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim()))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1], m[2]]),
    );
    expect(() => loadConfig(env)).not.toThrow();
  });
});
