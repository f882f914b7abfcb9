import { Writable } from 'node:stream';
import pino from 'pino';
import { PinoNestLogger } from './logger';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: new PinoNestLogger(pino({ level: 'debug' }, stream)) };
}

describe('PinoNestLogger', () => {
  it('keeps the message and stack of an Error', () => {
    const { lines, logger } = capture();
    logger.error(new Error('Nest cannot resolve dependencies of X'), undefined, 'ExceptionHandler');
    expect(lines[0]).toMatchObject({ level: 50, context: 'ExceptionHandler', msg: 'Nest cannot resolve dependencies of X' });
    expect((lines[0].err as { stack: string }).stack).toContain('Error: Nest cannot resolve');
  });

  it('demotes Nest boot chatter to debug', () => {
    const { lines, logger } = capture();
    logger.log('Mapped {/health, GET} route', 'RouterExplorer');
    logger.log('Qiyuan started', 'Bootstrap');
    expect(lines.map((l) => l.level)).toEqual([20, 30]);
  });
});
