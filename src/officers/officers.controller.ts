import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { AssignmentResultDto, AssignOfficerDto, HandoverDto, HandoverResultDto, OfficerAssignmentDto } from './dto/officer-assignment.dto';
import { OfficerAssignmentsService } from './officer-assignments.service';
import { ApiErrors } from '../common/http/openapi/api-docs.decorators';

@ApiTags('officers')
@ApiBearerAuth()
@Controller('api')
export class OfficersController {
  constructor(private readonly assignments: OfficerAssignmentsService) {}

  /**
   * Assign or reassign an enterprise's liaison officer (admins, supervisors in reach). The officer
   * must be an active officer whose region covers the firm's; the firm must be active. Open
   * appeals follow the firm. Two concurrent changes: one wins, the other gets 409.
   */
  @Post('enterprises/:id/officer')
  @ApiErrors(409)
  @Roles('admin', 'supervisor')
  @HttpCode(200)
  assign(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: AssignOfficerDto,
  ): Promise<AssignmentResultDto> {
    return this.assignments.assign(user, id, dto);
  }

  /** An enterprise's liaison officers over time, newest first (who, from when to when, by whom, why) */
  @Get('enterprises/:id/officer-history')
  history(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<OfficerAssignmentDto[]> {
    return this.assignments.history(user, id);
  }

  /**
   * Hand every active firm of a leaving officer to one or more successors in one transaction.
   * Each firm goes, in turn, to a successor whose region covers it; if some firm has none, nothing
   * changes and the answer lists those firms.
   */
  @Post('officers/:id/handover')
  @ApiErrors(409)
  @Roles('admin', 'supervisor')
  @HttpCode(200)
  handover(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: HandoverDto): Promise<HandoverResultDto> {
    return this.assignments.handover(user, id, dto);
  }
}
