import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Clock } from '../../common/clock/clock';
import {
  CloseOffDto,
  CreateGroupVisitDto,
  CreateLedgerNoteDto,
  CreateMeasureDto,
  LedgerQuery,
  UpdateMeasureDto,
} from '../../groups/dto/group.dto';
import { GroupWorkService } from '../../groups/group-work.service';
import { GroupsService } from '../../groups/groups.service';
import { ListProjectsQuery } from '../../projects/dto/list-projects.query';
import { ProjectsService } from '../../projects/projects.service';
import { shanghaiDateOf } from '../../sla/domain/shanghai-date';
import { VISIT_FORMS } from '../../visits/dto/visit.dto';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { echo, integer, queryAs, readFields, text, validateAs, yesNo, type FormBody, type QueryString } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { submitForm } from './console-form-errors';
import { PROJECT_LABELS } from './project-labels';

const LEDGER_KEYS = ['open', 'closedOff', 'projectsOnly', 'page'] as const;
const STAFF = ['officer', 'handler', 'supervisor', 'admin'] as const;

/** 包联工作组 pages: the groups side by side, and a group's dashboard, ledger, measures and visits. */
@ConsoleController()
@Controller('groups')
export class GroupsPagesController {
  constructor(
    private readonly groups: GroupsService,
    private readonly work: GroupWorkService,
    private readonly projects: ProjectsService,
    private readonly clock: Clock,
    private readonly pages: ConsoleRenderer,
  ) {}

  @Get()
  @ConsoleRoles(...STAFF)
  async overview(@Session() session: ConsoleSession, @Res() reply: FastifyReply) {
    const groups = await this.groups.overview(session.user);
    await this.pages.page(reply, 'groups/overview', { title: '包联工作组', groups });
  }

  @Get(':id')
  @ConsoleRoles(...STAFF)
  async detail(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Query() raw: QueryString,
  ) {
    const user = session.user;
    const query = await queryAs(LedgerQuery, raw, LEDGER_KEYS);
    const group = await this.groups.get(user, id);
    const canWrite = group.access === 'write';
    const [figures, ledger, measures, visits, projects] = await Promise.all([
      this.groups.dashboard(user, id),
      this.work.ledger(user, id, query),
      this.work.measures(user, id),
      this.work.visits(user, id),
      canWrite
        ? this.projectChoices(
            user,
            group.cities.map((c) => c.code),
          )
        : Promise.resolve([]),
    ]);
    await this.pages.page(reply, 'groups/detail', {
      title: group.name,
      group,
      figures,
      ledger,
      measures,
      visits,
      filters: echo(raw, LEDGER_KEYS),
      canWrite,
      projects,
      today: shanghaiDateOf(this.clock.now()),
      visitForms: VISIT_FORMS,
      P: PROJECT_LABELS,
    });
  }

  /** The visit form's 项目 choices: the projects the user sees in the group's cities (a visit may name one of them). */
  private async projectChoices(
    user: ConsoleSession['user'],
    cityCodes: string[],
  ): Promise<Array<{ id: number; name: string; regionName: string }>> {
    const pages = await Promise.all(
      cityCodes.map((city) =>
        this.projects.list(user, Object.assign(new ListProjectsQuery(), { regionCode: city, page: 1, pageSize: 200 })),
      ),
    );
    return pages.flatMap((p) => p.items.map((x) => ({ id: x.id, name: x.name, regionName: x.regionName })));
  }

  @Post(':id/ledger/:appealId/notes')
  @ConsoleRoles(...STAFF)
  async note(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Param('appealId', ParseIntPipe) appealId: number,
    @Body() body: FormBody,
  ) {
    await submitForm(this.pages, reply, `/groups/${id}#ledger`, '跟踪记录已添加', '跟踪记录未添加', async () => {
      await this.work.addNote(session.user, id, appealId, await validateAs(CreateLedgerNoteDto, { note: text(body, 'note') }));
    });
  }

  @Post(':id/ledger/:appealId/close-off')
  @ConsoleRoles(...STAFF)
  async closeOff(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Param('appealId', ParseIntPipe) appealId: number,
    @Body() body: FormBody,
  ) {
    await submitForm(this.pages, reply, `/groups/${id}#ledger`, '已销号', '未能销号', async () => {
      await this.work.closeOff(session.user, id, appealId, await validateAs(CloseOffDto, { note: text(body, 'note') }));
    });
  }

  @Post(':id/measures')
  @ConsoleRoles(...STAFF)
  async addMeasure(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
  ) {
    await submitForm(this.pages, reply, `/groups/${id}#measures`, '服务措施已添加', '服务措施未添加', async () => {
      const dto = await validateAs(
        CreateMeasureDto,
        readFields(body, { title: text, detail: text, owner: text, startDate: text, dueDate: text }),
      );
      await this.work.addMeasure(session.user, id, dto);
    });
  }

  @Post(':id/measures/:measureId')
  @ConsoleRoles(...STAFF)
  async updateMeasure(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Param('measureId', ParseIntPipe) measureId: number,
    @Body() body: FormBody,
  ) {
    await submitForm(this.pages, reply, `/groups/${id}#measures`, '服务措施已更新', '服务措施未更新', async () => {
      const dto = await validateAs(UpdateMeasureDto, readFields(body, { version: integer, status: text, evidence: text }));
      await this.work.updateMeasure(session.user, id, measureId, dto);
    });
  }

  @Post(':id/visits')
  @ConsoleRoles(...STAFF)
  async addVisit(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
  ) {
    await submitForm(this.pages, reply, `/groups/${id}#visits`, '走访已记录', '走访未记录', async () => {
      const dto = await validateAs(CreateGroupVisitDto, {
        projectId: integer(body, 'projectId'),
        visitDate: text(body, 'visitDate'),
        form: text(body, 'form'),
        participants: text(body, 'participants'),
        notes: text(body, 'notes'),
        problemsFound: yesNo(body, 'problemsFound') ?? false,
      });
      await this.work.addVisit(session.user, id, dto);
    });
  }
}
