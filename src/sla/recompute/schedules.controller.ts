import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ApiErrors } from '../../common/http/openapi/api-docs.decorators';
import { CalendarYearService } from './calendar-year.service';
import { YearScheduleDto, YearSchedulePreviewDto } from './dto/year-schedule.dto';

export class SavedYearDto {
  @ApiProperty({ example: 2027, type: 'integer' }) year: number;
  /** Calendar days stored: every day off and every make-up working day */
  @ApiProperty({ type: 'integer' }) days: number;
}

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/calendar/schedules')
@Roles('admin')
export class SchedulesController {
  constructor(private readonly years: CalendarYearService) {}

  /** Preview next year's schedule (State Council notice shape): the resulting days, and which open appeals' provisional deadlines would move; 400 lists every problem */
  @Post('preview')
  @HttpCode(200)
  preview(@Body() dto: YearScheduleDto): Promise<YearSchedulePreviewDto> {
    return this.years.preview(dto);
  }

  /** Save next year's schedule in one transaction (with an audit record), declare the year and recompute the provisional deadlines; 409 when the year is already complete */
  @Post()
  @ApiErrors(409)
  save(@CurrentUser() user: AuthUser, @Body() dto: YearScheduleDto): Promise<SavedYearDto> {
    return this.years.save(user, dto);
  }
}
