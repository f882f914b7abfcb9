import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { SlaSweepService, type SweepReport } from './sla-sweep.service';
import { ApiErrors } from '../../common/http/openapi/api-docs.decorators';

@ApiTags('sla')
@ApiBearerAuth()
@Controller('api/sla/sweep')
@Roles('admin')
export class SlaSweepController {
  constructor(private readonly sweep: SlaSweepService) {}

  /**
   * Run the timer sweep now on this instance (it normally runs every minute). Answers
   * `skipped: true` when another instance holds the sweep lease.
   */
  @Post('run')
  @ApiErrors(409)
  @HttpCode(200)
  run(): Promise<SweepReport> {
    return this.sweep.runOnce();
  }
}
