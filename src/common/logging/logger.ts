import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/** One pino instance for Fastify's request logs and Nest's own messages: JSON lines with reqId. */
export function createRootLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'qiyuan' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refreshToken'], remove: true },
  });
}

const NOISY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    // Nest's boot chatter (one line per module and route) is debug detail, not operations news.
    this.write(context && NOISY_CONTEXTS.has(context) ? 'debug' : 'info', message, context);
  }
  error(message: unknown, trace?: string, context?: string) {
    this.write('error', message, context, trace);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, context?: string, trace?: string) {
    if (message instanceof Error) {
      // An Error's message and stack are not enumerable: spreading it would log nothing useful.
      this.logger[level]({ context, trace, err: message }, message.message);
    } else if (message !== null && typeof message === 'object') {
      this.logger[level]({ context, trace, ...(message as object) });
    } else {
      this.logger[level]({ context, trace }, String(message));
    }
  }
}
