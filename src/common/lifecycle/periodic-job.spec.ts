import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PeriodicJob } from './periodic-job';
import { deferred } from '../testing/deferred';

describe('PeriodicJob', () => {
  const logger = new Logger('test');
  let scheduler: SchedulerRegistry;

  beforeEach(() => {
    scheduler = new SchedulerRegistry();
    jest.spyOn(logger, 'error').mockImplementation(() => undefined);
  });

  it('never starts a second run while one is under way', async () => {
    const gate = deferred();
    const run = jest.fn(() => gate.promise);
    const job = new PeriodicJob(scheduler, logger, { name: 'j', failure: 'j failed', run });
    job.tick();
    job.tick();
    expect(run).toHaveBeenCalledTimes(1);
    gate.resolve();
    await job.settled();
    job.tick();
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('logs a failed run and runs again on the next tick', async () => {
    const run = jest.fn().mockRejectedValueOnce(new Error('boom')).mockResolvedValue(undefined);
    const job = new PeriodicJob(scheduler, logger, { name: 'j', failure: 'j failed', run });
    job.tick();
    await job.settled();
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ msg: 'j failed' }), expect.any(String));
    job.tick();
    await job.settled();
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('stop removes its interval and waits for the run under way', async () => {
    const gate = deferred();
    const job = new PeriodicJob(scheduler, logger, { name: 'j', failure: 'j failed', run: () => gate.promise });
    job.every(60_000);
    expect(scheduler.doesExist('interval', 'j')).toBe(true);
    job.tick();
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    expect(scheduler.doesExist('interval', 'j')).toBe(false);
    await Promise.resolve();
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(stopped).toBe(true);
  });
});
