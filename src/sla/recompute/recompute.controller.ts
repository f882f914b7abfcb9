import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { DeadlineRecomputeService } from './deadline-recompute.service';
import { RecomputeJobDto } from './dto/recompute.dto';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/calendar/recomputes')
@Roles('admin')
export class RecomputeController {
  constructor(private readonly recompute: DeadlineRecomputeService) {}

  /** What declaring each year did to the provisional deadlines: how many moved, and by how much */
  @Get()
  async list(): Promise<RecomputeJobDto[]> {
    return (await this.recompute.list()).map(({ lastId: _lastId, batches: _batches, ...job }) => job);
  }

  /** Run pending recomputes now on this instance (the calendar job also runs them within a minute) */
  @Post('run')
  @HttpCode(200)
  async run(): Promise<RecomputeJobDto[]> {
    await this.recompute.runPending();
    return this.list();
  }
}
