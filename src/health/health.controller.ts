import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/decorators';
import { DATABASE_RETRY_AFTER_SECONDS } from '../common/errors/all-exceptions.filter';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { CoverageWarningsService } from '../sla/calendar/coverage-warnings.service';
import { LivenessDto, ReadinessDto } from './dto/health.dto';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendarCoverage: CoverageWarningsService,
  ) {}

  /** The process is up */
  @Public()
  @Get()
  live(): LivenessDto {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /**
   * The process can serve: the database answers. The working-day calendar's status is reported
   * too (ok / warning / critical, days left) but never fails readiness: deadlines past the
   * calendar are provisional, not refused.
   */
  @Public()
  @Get('ready')
  async ready(): Promise<ReadinessDto> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new AppError(ErrorCode.DatabaseUnavailable, 'The database is not reachable', undefined, undefined, {
        'retry-after': String(DATABASE_RETRY_AFTER_SECONDS),
      });
    }
    const calendar = await this.calendarCoverage
      .state()
      .then((s) => ({ status: s.status, lastDay: s.lastDay, daysRemaining: s.daysRemaining }))
      .catch(() => ({ status: 'unknown', lastDay: null, daysRemaining: null }));
    return { status: 'ok', database: 'up', calendar };
  }
}
