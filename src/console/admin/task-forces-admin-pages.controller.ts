import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { CreateTaskForceDto, ListTaskForcesQuery, UpdateTaskForceDto } from '../../taskforces/dto/task-force.dto';
import { TaskForcesService } from '../../taskforces/task-forces.service';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { filteredList, integer, integers, readFields, text, validateAs, yesNo, type FormBody, type QueryString } from '../http/form-fields';
import { RegionChoices } from '../pickers/region-choices';
import { offers } from '../pickers/region-groups';
import type { ConsoleSession } from '../session/console-session.service';
import { attemptAdminChange, attemptAdminForm, present, renderAdminPage, type Refusal } from './admin-form';

const LIST_KEYS = ['regionCode', 'active', 'page'] as const;
/** A task force belongs to the province or a city (市州). */
const OWNER_LEVELS = ['province', 'city'] as const;

/**
 * Task forces (专班, #20): the list, a new one (its owning region chosen first, then its members from
 * the departments on that region's chain or inside it), and one's page to rename it, change its
 * members or retire it — all through TaskForcesService, so the API's rules and versions apply.
 */
@ConsoleController()
@ConsoleRoles('admin')
@Controller('admin/task-forces')
export class TaskForcesAdminPagesController {
  constructor(
    private readonly forces: TaskForcesService,
    private readonly regions: RegionChoices,
    private readonly pages: ConsoleRenderer,
  ) {}

  @Get()
  async list(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    await this.pages.page(reply, 'admin/task-forces', {
      title: '专班管理',
      ...(await filteredList(ListTaskForcesQuery, raw, LIST_KEYS, (query) => this.forces.list(s.user, query))),
      owners: await this.regions.for(s.user, OWNER_LEVELS),
    });
  }

  /** The new task force's form, for the owning region chosen on the list (?regionCode=). */
  @Get('new')
  async newForm(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Query('regionCode') regionCode?: string) {
    await this.renderForm(s, reply, { regionCode: await this.owner(s, regionCode) });
  }

  @Post()
  async create(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Body() body: FormBody) {
    const regionCode = await this.owner(s, text(body, 'regionCode'));
    await attemptAdminForm(
      this.pages,
      reply,
      '/admin/task-forces',
      async () => {
        const dto = await validateAs(CreateTaskForceDto, { name: text(body, 'name'), regionCode, departmentIds: integers(body, 'departmentIds') });
        const created = await this.forces.create(s.user, dto);
        return `已创建专班 ${created.name}（${created.members.length} 个成员单位）`;
      },
      (error) => this.renderForm(s, reply, { regionCode }, { error, values: body }),
    );
  }

  @Get(':id')
  async edit(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number) {
    const force = await this.forces.get(s.user, id);
    await this.renderForm(s, reply, { regionCode: force.regionCode, force });
  }

  @Post(':id')
  async update(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Body() body: FormBody) {
    // The list's 停用/启用 button sends only the version and the new state.
    if (text(body, 'name') === undefined) {
      await attemptAdminChange(this.pages, reply, '/admin/task-forces', '保存专班', async () => {
        const dto = await validateAs(UpdateTaskForceDto, present(readFields(body, { version: integer, active: yesNo })));
        const saved = await this.forces.update(s.user, id, dto);
        return `已${saved.active ? '启用' : '停用'}专班 ${saved.name}`;
      });
      return;
    }
    const force = await this.forces.get(s.user, id);
    await attemptAdminForm(
      this.pages,
      reply,
      `/admin/task-forces/${id}`,
      async () => {
        const dto = await validateAs(
          UpdateTaskForceDto,
          present(readFields(body, { version: integer, name: text, departmentIds: integers, active: yesNo })),
        );
        const saved = await this.forces.update(s.user, id, dto);
        return `已保存专班 ${saved.name}`;
      },
      (error) => this.renderForm(s, reply, { regionCode: force.regionCode, force }, { error, values: body }),
    );
  }

  /** The owning region, as one the owner picker offers (the province or a city in reach); 404 otherwise. */
  private async owner(s: ConsoleSession, regionCode: string | undefined): Promise<string> {
    if (!regionCode || !offers(await this.regions.for(s.user, OWNER_LEVELS), regionCode)) throw AppError.notFound('Owning region', regionCode ?? '');
    return regionCode;
  }

  private async renderForm(
    s: ConsoleSession,
    reply: FastifyReply,
    target: { regionCode: string; force?: Awaited<ReturnType<TaskForcesService['get']>> },
    refused?: Refusal,
  ) {
    const force = target.force ?? null;
    const owners = await this.regions.for(s.user, OWNER_LEVELS);
    const ownerName = owners.flatMap((g) => g.options).find((o) => o.code === target.regionCode)?.text ?? target.regionCode;
    const chosen = refused?.values ? integers(refused.values, 'departmentIds').map(String) : (force?.members.map((m) => String(m.id)) ?? []);
    await renderAdminPage(
      this.pages,
      reply,
      'admin/task-force',
      {
        title: force ? `专班：${force.name}` : '新建专班',
        force,
        regionCode: target.regionCode,
        ownerName,
        candidates: await this.forces.candidateGroups(target.regionCode),
        chosen,
        // Members that are no longer candidates (retired since) stay listed, so saving does not drop them silently.
        values: refused?.values ?? {},
      },
      refused);
  }
}
