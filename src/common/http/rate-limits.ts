import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { createSecretKey, type KeyObject } from 'node:crypto';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-code';
import type { AppConfig } from '../../config/app-config';

type Caller = { key: string; max: number };

/**
 * Request rate limits on the JSON API: per signed-in user (by the verified access token's
 * subject) and per client address for anonymous calls (sign-in, refresh, a wrong token). Counted
 * in Redis when RATE_LIMIT_REDIS_URL is set, so every instance shares one budget per caller; in
 * process memory otherwise. The console (cookie sessions, its own sign-in throttle) and the
 * health probes are not limited here.
 */
export async function registerRateLimits(app: NestFastifyApplication, config: AppConfig, logger: Logger): Promise<() => Promise<void>> {
  const jwt = app.get(JwtService);
  const key = createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8'));
  const redis = config.RATE_LIMIT_REDIS_URL ? await connectRedis(config.RATE_LIMIT_REDIS_URL, logger) : null;
  const callers = new WeakMap<FastifyRequest, Caller>();
  const callerOf = (request: FastifyRequest): Caller => {
    let caller = callers.get(request);
    if (!caller) {
      const subject = verifiedSubject(jwt, key, request.headers.authorization);
      caller =
        subject === null
          ? { key: `ip:${request.ip}`, max: config.RATE_LIMIT_ANONYMOUS }
          : { key: `user:${subject}`, max: config.RATE_LIMIT_PER_USER };
      callers.set(request, caller);
    }
    return caller;
  };
  await app.register(rateLimit, {
    global: true,
    timeWindow: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
    max: (request: FastifyRequest) => callerOf(request).max,
    keyGenerator: (request: FastifyRequest) => callerOf(request).key,
    allowList: (request: FastifyRequest) => !request.url.startsWith('/api/') || request.url.startsWith('/api/docs'),
    ...(redis ? { redis, nameSpace: config.RATE_LIMIT_KEY_PREFIX } : {}),
    // Redis failing mid-flight lets requests through (logged) rather than taking the API down.
    skipOnError: true,
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new AppError(
        ErrorCode.RateLimited,
        `Too many requests: at most ${context.max} per ${config.RATE_LIMIT_WINDOW_SECONDS} s; try again in ${seconds} s`,
        undefined,
        { retryAfterSeconds: seconds, limit: context.max },
        { 'Retry-After': String(seconds) },
      );
    },
  });
  return async () => {
    if (redis) await redis.quit().catch(() => redis.disconnect());
  };
}

/** The subject of a valid access token, or null (no token, a forged or expired one: counted per address). */
function verifiedSubject(jwt: JwtService, key: KeyObject, header: string | undefined): string | null {
  if (!header?.startsWith('Bearer ')) return null;
  try {
    // A KeyObject, as in the JWT strategy: jsonwebtoken otherwise tries the secret as a public key first.
    const payload = jwt.verify<{ sub?: unknown }>(header.slice(7), { secret: key as unknown as string, algorithms: ['HS256'] });
    return payload.sub === undefined ? null : String(payload.sub);
  } catch {
    return null;
  }
}

/**
 * Connects at boot, so a wrong address shows at once. Without Redis the limits fall back to this
 * instance's memory (logged as an error): each instance then allows the limit on its own.
 */
async function connectRedis(url: string, logger: Logger): Promise<Redis | null> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', (error: Error) => logger.warn({ err: error }, 'rate-limit Redis error'));
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (error) {
    logger.error({ err: error, url: url.replace(/\/\/[^@]*@/, '//***@') }, 'Redis for rate limits is unreachable; limits are counted per instance');
    redis.disconnect();
    return null;
  }
}
