import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import {
  CloseOffDto,
  CreateGroupDto,
  CreateGroupVisitDto,
  CreateLedgerNoteDto,
  CreateMeasureDto,
  GroupDto,
  WorkingGroupFiguresDto,
  GroupVisitDto,
  LedgerNoteDto,
  LedgerPageDto,
  LedgerQuery,
  MeasureDto,
  UpdateGroupDto,
  UpdateGroupMembersDto,
  UpdateMeasureDto,
} from './dto/group.dto';
import { GroupWorkService } from './group-work.service';
import { GroupsService } from './groups.service';
import { ApiErrors } from '../common/http/openapi/api-docs.decorators';
import { PostCommand } from '../common/http/openapi/command.decorators';

const STAFF = ['admin', 'supervisor', 'officer', 'handler'] as const;

/**
 * Working groups (五个一 包联帮扶). A group exists for its members, admins and supervisors whose
 * reach covers its cities; for everyone else every route answers 404.
 */
@ApiTags('groups')
@ApiBearerAuth()
@Roles(...STAFF)
@Controller('api/groups')
export class GroupsController {
  constructor(
    private readonly groups: GroupsService,
    private readonly work: GroupWorkService,
  ) {}

  /** Set up a group: its leader, members, the city (or cities) it takes and its period of work */
  @Post()
  @Roles('admin')
  @ApiErrors(409)
  create(@Body() dto: CreateGroupDto): Promise<GroupDto> {
    return this.groups.create(dto);
  }

  /** The groups you reach (your own as a member; all that your reach covers as a supervisor; all for admins) */
  @Get()
  @ApiOkResponse({ type: [GroupDto] })
  list(@CurrentUser() user: AuthUser): Promise<GroupDto[]> {
    return this.groups.list(user);
  }

  /** The province view: every group you reach with its dashboard figures, side by side */
  @Get('overview')
  @ApiOkResponse({ type: [WorkingGroupFiguresDto] })
  overview(@CurrentUser() user: AuthUser): Promise<WorkingGroupFiguresDto[]> {
    return this.groups.overview(user);
  }

  /** One working group with its leader, members, cities and period */
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<GroupDto> {
    return this.groups.get(user, id);
  }

  /**
   * Change the group's name, leader, cities, period or description (admins), with the version read.
   * A new leader takes the leader's duty and the former one stays as a member; a city another
   * group takes answers 409.
   */
  @Patch(':id')
  @Roles('admin')
  @ApiErrors(409)
  update(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateGroupDto): Promise<GroupDto> {
    return this.groups.update(user, id, dto);
  }

  /** Replace the members (the leader stays), with the version read; the leader or an admin */
  @Put(':id/members')
  @ApiErrors(409)
  replaceMembers(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateGroupMembersDto,
  ): Promise<GroupDto> {
    return this.groups.replaceMembers(user, id, dto);
  }

  /** The group's dashboard: its cities' open and overdue appeals, 销号, projects, measures and visits */
  @Get(':id/dashboard')
  dashboard(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<WorkingGroupFiguresDto> {
    return this.groups.dashboard(user, id);
  }

  /** 问题台账: the appeals of the group's cities (project problems marked), with its notes and 销号 */
  @Get(':id/ledger')
  ledger(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Query() query: LedgerQuery): Promise<LedgerPageDto> {
    return this.work.ledger(user, id, query);
  }

  /** The group's own follow-up notes on a ledger entry */
  @Get(':id/ledger/:appealId/notes')
  @ApiOkResponse({ type: [LedgerNoteDto] })
  notes(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Param('appealId', ParseIntPipe) appealId: number,
  ): Promise<LedgerNoteDto[]> {
    return this.work.notes(user, id, appealId);
  }

  /** Add the group's own follow-up note to a ledger entry */
  @Post(':id/ledger/:appealId/notes')
  @ApiCreatedResponse({ type: [LedgerNoteDto] })
  addNote(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Param('appealId', ParseIntPipe) appealId: number,
    @Body() dto: CreateLedgerNoteDto,
  ): Promise<LedgerNoteDto[]> {
    return this.work.addNote(user, id, appealId, dto);
  }

  /** 销号: close the ledger entry off; 409 unless the appeal is closed, or when already closed off */
  @PostCommand(':id/ledger/:appealId/close-off', { errors: [409] })
  @ApiOkResponse({ type: [LedgerNoteDto] })
  closeOff(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Param('appealId', ParseIntPipe) appealId: number,
    @Body() dto: CloseOffDto,
  ): Promise<LedgerNoteDto[]> {
    return this.work.closeOff(user, id, appealId, dto);
  }

  /** 服务措施, in progress first */
  @Get(':id/measures')
  @ApiOkResponse({ type: [MeasureDto] })
  measures(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<MeasureDto[]> {
    return this.work.measures(user, id);
  }

  /** Add a service measure with its owner, dates and status */
  @Post(':id/measures')
  addMeasure(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: CreateMeasureDto): Promise<MeasureDto> {
    return this.work.addMeasure(user, id, dto);
  }

  /** Move a measure on (planned → in progress → done with evidence, or cancelled), with the version read */
  @Patch(':id/measures/:measureId')
  @ApiErrors(409)
  updateMeasure(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Param('measureId', ParseIntPipe) measureId: number,
    @Body() dto: UpdateMeasureDto,
  ): Promise<MeasureDto> {
    return this.work.updateMeasure(user, id, measureId, dto);
  }

  /** The group's visits */
  @Get(':id/visits')
  @ApiOkResponse({ type: [GroupVisitDto] })
  visits(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<GroupVisitDto[]> {
    return this.work.visits(user, id);
  }

  /** Log a group visit to a firm or project of its cities, like an officer's visit */
  @Post(':id/visits')
  addVisit(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: CreateGroupVisitDto): Promise<GroupVisitDto> {
    return this.work.addVisit(user, id, dto);
  }
}
