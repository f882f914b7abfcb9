import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CategoriesService } from '../../categories/categories.service';
import { DepartmentsService } from '../../departments/departments.service';
import { CreateRoutingRuleDto, ListRoutingRulesQuery, UpdateRoutingRuleDto } from '../../routing/dto/routing-rule.dto';
import { RoutingService } from '../../routing/routing.service';
import { ListTaskForcesQuery } from '../../taskforces/dto/task-force.dto';
import { TaskForcesService } from '../../taskforces/task-forces.service';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import type { ConsoleRequest } from '../http/console-request';
import { echo, integer, queryAs, text, validateAs, yesNo, type FormBody } from '../http/form-fields';
import { validatePicked } from '../pickers/picked-form';
import { RegionChoices } from '../pickers/region-choices';
import type { ConsoleSession } from '../session/console-session.service';
import type { ErrorDescription } from '../shared/error-messages';
import { activeDepartments, attemptAdminChange, attemptAdminForm, present } from './admin-form';

const RULE_KEYS = ['categoryId', 'regionCode', 'page'] as const;

/** Routing rules (交办规则): which department a category's appeals go to per region and level. */
@ConsoleController()
@ConsoleRoles('admin')
@Controller('admin/routing-rules')
export class RoutingRulesAdminPagesController {
  constructor(
    private readonly routing: RoutingService,
    private readonly categories: CategoriesService,
    private readonly departments: DepartmentsService,
    private readonly regions: RegionChoices,
    private readonly pages: ConsoleRenderer,
    private readonly taskForces: TaskForcesService,
  ) {}

  @Get()
  async list(
    @Session() s: ConsoleSession,
    @Req() request: ConsoleRequest,
    @Res() reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    await this.renderList(s, request, reply, raw);
  }

  private async renderList(
    s: ConsoleSession,
    request: ConsoleRequest,
    reply: FastifyReply,
    raw: Record<string, unknown>,
    refused?: { error: ErrorDescription; values: FormBody },
  ) {
    const page = await this.routing.list(s.user, await queryAs(ListRoutingRulesQuery, raw, RULE_KEYS));
    await this.pages.page(
      request,
      reply,
      'admin/routing-rules',
      {
        title: '交办规则',
        page,
        filters: echo(raw, RULE_KEYS),
        categories: await this.categories.list(),
        departments: await activeDepartments(this.departments, s.user),
        taskForces: (await this.taskForces.list(s.user, Object.assign(new ListTaskForcesQuery(), { active: true, pageSize: 200 }))).items,
        regions: await this.regions.for(s.user),
        error: refused?.error,
        values: refused?.values ?? {},
      },
      refused ? 400 : 200,
    );
  }

  @Post()
  async create(@Session() s: ConsoleSession, @Req() request: ConsoleRequest, @Res() reply: FastifyReply, @Body() body: FormBody) {
    const again = (error: ErrorDescription) => this.renderList(s, request, reply, {}, { error, values: body });
    await attemptAdminForm(
      this.pages,
      reply,
      '/admin/routing-rules',
      async () => {
        const dto = await validatePicked(
          CreateRoutingRuleDto,
          {
            categoryId: integer(body, 'categoryId'),
            regionCode: text(body, 'regionCode'),
            level: text(body, 'level'),
            departmentId: integer(body, 'departmentId'),
            taskForceId: integer(body, 'taskForceId'),
          },
          [await this.regions.problem(s.user, text(body, 'regionCode'))],
        );
        await this.routing.create(s.user, dto);
        return '已新建交办规则';
      },
      again,
    );
  }

  @Post(':id')
  async update(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Body() body: FormBody) {
    await attemptAdminChange(this.pages, reply, '/admin/routing-rules', '保存交办规则', async () => {
      const dto = await validateAs(
        UpdateRoutingRuleDto,
        present({ version: integer(body, 'version'), departmentId: integer(body, 'departmentId'), active: yesNo(body, 'active') }),
      );
      await this.routing.update(s.user, id, dto);
      return '已保存交办规则';
    });
  }
}
