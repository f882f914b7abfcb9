import 'reflect-metadata';
import { isIP } from 'node:net';
import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';

/**
 * Every setting comes from the environment and is validated once at boot, so a typo fails the
 * process immediately with a message naming the variable instead of surfacing later as a 500.
 */
const toBool = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());

// Both are listed bottom up, as a stack of decorators is applied: a bad value's problems are
// reported in that order (boot prints them all).
/** A whole number read from the environment's text, at least `min` (and at most `max`). */
const IntSetting = (min: number, max?: number): PropertyDecorator =>
  applyDecorators(...(max === undefined ? [] : [Max(max)]), Min(min), IsInt(), Type(() => Number)) as PropertyDecorator;

/** A switch: 1, true, yes or on (any case) is on, anything else off. */
const FlagSetting = (): PropertyDecorator => applyDecorators(IsBoolean(), Transform(toBool)) as PropertyDecorator;

export class EnvironmentVariables {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsString()
  DATABASE_URL = 'mysql://root@127.0.0.1:3306/qiyuan';

  @IntSetting(1, 200)
  DATABASE_POOL_SIZE = 20;

  @IsString()
  @IsOptional()
  HOST = '0.0.0.0';

  @IntSetting(0, 65535)
  PORT = 3000;

  /**
   * Worker processes serving on the one port (node:cluster); 1 runs a single process, 0 one per
   * CPU core. Each worker has its own DATABASE_POOL_SIZE connections.
   */
  @IntSetting(0, 64)
  WEB_CONCURRENCY = 1;

  /** On SIGTERM, how long requests in flight may take to finish before their connections are cut. */
  @IntSetting(0, 600)
  SHUTDOWN_GRACE_SECONDS = 25;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET = 'development-only-secret-change-me-in-production!!';

  @IntSetting(30)
  JWT_ACCESS_TTL_SECONDS = 900;

  @IntSetting(3600)
  REFRESH_TTL_SECONDS = 14 * 24 * 3600;

  /** argon2id memory cost in KiB; OWASP's minimum profile is 19 MiB with t=2. */
  @IntSetting(1024)
  PASSWORD_HASH_MEMORY_KIB = 19456;

  @IntSetting(1)
  PASSWORD_HASH_TIME_COST = 2;

  /** Failures of one username from one address before that pair has to wait (see auth.service). */
  @IntSetting(1)
  LOGIN_MAX_FAILURES_PER_PAIR = 5;

  /** The pair's first wait; it doubles with every further failure, up to LOGIN_LOCK_SECONDS. */
  @IntSetting(1)
  LOGIN_PAIR_LOCK_SECONDS = 60;

  /** Failures of one username from any addresses before the account itself is locked: high on purpose. */
  @IntSetting(1)
  LOGIN_MAX_FAILURES_PER_USER = 100;

  @IntSetting(1)
  LOGIN_MAX_FAILURES_PER_IP = 50;

  @IntSetting(10)
  LOGIN_LOCK_SECONDS = 900;

  @FlagSetting()
  MIGRATIONS_RUN = false;

  @IsString()
  UPLOAD_DIR = './var/uploads';

  @IntSetting(1024)
  UPLOAD_MAX_BYTES = 20 * 1024 * 1024;

  @IntSetting(1024)
  IMPORT_MAX_BYTES = 20 * 1024 * 1024;

  /** How far an imported XLSX may inflate once unpacked (a zip bomb is refused at this point). */
  @IntSetting(1024 * 1024)
  IMPORT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;

  @FlagSetting()
  SWEEP_ENABLED = true;

  @IntSetting(1)
  SWEEP_INTERVAL_SECONDS = 60;

  /** Days before the working-day calendar runs out from which admins and supervisors are warned. */
  @IntSetting(1, 366)
  CALENDAR_WARNING_DAYS = 60;
  /**
   * How long a singleton job's lease (the SLA sweep, report freezing, figures, counts, milestones)
   * holds without renewal; renewed per batch or by a heartbeat while the job works, so a crashed
   * holder is replaced this long after its last renewal (keep it below SWEEP_INTERVAL_SECONDS).
   */
  @IntSetting(5, 3600)
  JOB_LEASE_SECONDS = 30;

  @FlagSetting()
  OUTBOX_WORKER_ENABLED = true;

  /** How often each instance's outbox worker looks for due deliveries. */
  @IntSetting(1)
  OUTBOX_POLL_INTERVAL_SECONDS = 5;

  /**
   * A worker's claim on the deliveries it took, renewed while it works on them: a worker that
   * died is replaced this long after its last renewal (plus one poll).
   */
  @IntSetting(3, 3600)
  OUTBOX_CLAIM_SECONDS = 30;

  /** One delivery attempt's limit (the webhook's request, headers to body); then it is retried. */
  @IntSetting(1, 600)
  OUTBOX_DELIVERY_TIMEOUT_SECONDS = 10;

  @IsString()
  @IsOptional()
  WEBHOOK_URL?: string;

  @IsString()
  WEBHOOK_SECRET = 'development-webhook-secret';

  /**
   * Webhook subscriptions may target http and private or loopback addresses (development, tests,
   * a receiver inside the same network). Off: https to public hosts only.
   */
  @FlagSetting()
  WEBHOOK_ALLOW_PRIVATE_URLS = false;

  /** How often the subscriptions' dispatcher turns new feed events into deliveries. */
  @IntSetting(1)
  WEBHOOK_DISPATCH_INTERVAL_SECONDS = 5;

  @FlagSetting()
  COOKIE_SECURE = false;

  /**
   * The reverse proxies whose X-Forwarded-For is believed: comma-separated addresses or CIDR
   * ranges (`127.0.0.1,10.0.0.0/8`), or `loopback`. Empty (the default) believes nobody, so a
   * client cannot pick the address its login and rate limits are counted under.
   */
  @IsString()
  TRUST_PROXY = '';

  /** Length of a rate-limit window. */
  @IntSetting(1)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** API requests per window for one signed-in user (all their tokens and instances together). */
  @IntSetting(1)
  RATE_LIMIT_PER_USER = 600;

  /** API requests per window for one client address without a valid token (sign-in, refresh). */
  @IntSetting(1)
  RATE_LIMIT_ANONYMOUS = 60;

  /** Redis shared by every instance for the counts (redis://host:6379/0); empty: each instance counts alone. */
  @IsString()
  RATE_LIMIT_REDIS_URL = '';

  /** Prefix of the Redis keys, so several deployments (or test runs) can share one Redis. */
  @IsString()
  @MinLength(1)
  RATE_LIMIT_KEY_PREFIX = 'qiyuan:rl:';
}

export type AppConfig = EnvironmentVariables;

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const raw = Object.fromEntries(Object.entries(env).filter(([k, v]) => known.includes(k) && v !== ''));
  const config = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`));
  if (config.NODE_ENV === 'production' && !env.JWT_SECRET) {
    problems.push('JWT_SECRET: must be set explicitly in production');
  }
  if (!/^mysql:\/\//.test(config.DATABASE_URL)) {
    problems.push('DATABASE_URL: must look like mysql://user:password@host:3306/database');
  }
  problems.push(...trustProxyProblems(config.TRUST_PROXY).map((p) => `TRUST_PROXY: ${p}`));
  if (problems.length) throw new ConfigValidationError(problems);
  return config;
}

const PROXY_KEYWORDS = ['loopback', 'linklocal', 'uniquelocal'];

/** The TRUST_PROXY entries, as Fastify's trustProxy takes them. */
export function trustedProxies(setting: string): string[] {
  return setting
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function trustProxyProblems(setting: string): string[] {
  return trustedProxies(setting).flatMap((entry) => {
    if (PROXY_KEYWORDS.includes(entry)) return [];
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    return family && bitsOk && extra === undefined
      ? []
      : [`${entry} is not an address, a CIDR range or one of ${PROXY_KEYWORDS.join(', ')}`];
  });
}

export const APP_CONFIG = Symbol('APP_CONFIG');
