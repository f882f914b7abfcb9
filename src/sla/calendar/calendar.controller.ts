import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiErrors } from '../../common/http/openapi/api-docs.decorators';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { CalendarApiService } from './calendar-api.service';
import {
  CalendarAuditEntryDto,
  CalendarCoverageDto,
  CalendarDayDto,
  DeadlineDto,
  DeadlineQuery,
  DeclareYearDto,
  ListCalendarAuditQuery,
  ListDaysQuery,
  PutCalendarDayDto,
  RemoveCalendarDayQuery,
  StoredDayDto,
} from './dto/calendar.dto';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarApiService) {}

  /** Which years the working-day calendar covers, and the working hours */
  @Get('coverage')
  coverage(): Promise<CalendarCoverageDto> {
    return this.calendar.coverage();
  }

  /** Whether a day is worked (statutory holidays and make-up working days, 调休); 422 past the coverage */
  @Get('days/:date')
  @ApiErrors(422)
  describeDay(@Param('date') date: string): Promise<CalendarDayDto> {
    return this.calendar.describeDay(date);
  }

  /** Preview a deadline: N working days (自次日起算, closing at 17:30), working hours or natural hours from an instant */
  @Get('deadline')
  @ApiErrors(422)
  deadline(@Query() query: DeadlineQuery): Promise<DeadlineDto> {
    return this.calendar.previewDeadline(query);
  }

  /** The stored holidays and make-up days of a year */
  @Get('days')
  @Roles('admin')
  listDays(@Query() query: ListDaysQuery): Promise<StoredDayDto[]> {
    return this.calendar.listDays(query.year);
  }

  /** Add or correct a day (holiday or make-up working day); used from now on, stored deadlines stay */
  @Put('days/:date')
  @ApiErrors(409)
  @Roles('admin')
  putDay(@CurrentUser() user: AuthUser, @Param('date') date: string, @Body() dto: PutCalendarDayDto): Promise<StoredDayDto> {
    return this.calendar.putDay(user, date, dto);
  }

  /** Remove a stored entry: the day becomes an ordinary weekday or weekend; the reason goes to the audit record */
  @Delete('days/:date')
  @ApiErrors(404)
  @Roles('admin')
  @HttpCode(204)
  deleteDay(@CurrentUser() user: AuthUser, @Param('date') date: string, @Query() query: RemoveCalendarDayQuery): Promise<void> {
    return this.calendar.deleteDay(user, date, query.reason);
  }

  /** The calendar's audit trail, newest first (last 200): whole years entered, single-day corrections (who, when, before → after, why), declarations, syncs */
  @Get('audit')
  @Roles('admin')
  audit(@Query() query: ListCalendarAuditQuery): Promise<CalendarAuditEntryDto[]> {
    return this.calendar.audit(query.year ?? null);
  }

  /** Declare the next year complete after entering its days; extends the coverage */
  @Post('years')
  @ApiErrors(409)
  @Roles('admin')
  declareYear(@CurrentUser() user: AuthUser, @Body() dto: DeclareYearDto): Promise<CalendarCoverageDto> {
    return this.calendar.declareYear(user, dto);
  }
}
