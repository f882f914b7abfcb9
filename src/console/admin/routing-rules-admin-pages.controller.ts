import { Body, Controller, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CategoriesService } from '../../categories/categories.service';
import { DepartmentsService } from '../../departments/departments.service';
import { CreateRoutingRuleDto, ListRoutingRulesQuery, UpdateRoutingRuleDto } from '../../routing/dto/routing-rule.dto';
import { RoutingService } from '../../routing/routing.service';
import { ListTaskForcesQuery } from '../../taskforces/dto/task-force.dto';
import { TaskForcesService } from '../../taskforces/task-forces.service';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { filteredList, integer, readFields, text, validateAs, yesNo, type FormBody, type QueryString } from '../http/form-fields';
import { validatePicked } from '../pickers/picked-form';
import { RegionChoices } from '../pickers/region-choices';
import type { ConsoleSession } from '../session/console-session.service';
import { activeDepartments, attemptAdminChange, present, renderAdminPage, type Refusal } from './admin-form';
import { AdminListPages } from './admin-list-pages';

const RULE_KEYS = ['categoryId', 'regionCode', 'page'] as const;

/** Routing rules (交办规则): which department a category's appeals go to per region and level. */
@ConsoleController()
@ConsoleRoles('admin')
@Controller('admin/routing-rules')
export class RoutingRulesAdminPagesController extends AdminListPages {
  constructor(
    private readonly routing: RoutingService,
    private readonly categories: CategoriesService,
    private readonly departments: DepartmentsService,
    private readonly regions: RegionChoices,
    pages: ConsoleRenderer,
    private readonly taskForces: TaskForcesService,
  ) {
    super(pages);
  }

  protected async renderList(s: ConsoleSession, reply: FastifyReply, raw: QueryString, refused?: Refusal) {
    await renderAdminPage(
      this.pages,
      reply,
      'admin/routing-rules',
      {
        title: '交办规则',
        ...(await filteredList(ListRoutingRulesQuery, raw, RULE_KEYS, (query) => this.routing.list(s.user, query))),
        categories: await this.categories.list(),
        departments: await activeDepartments(this.departments, s.user),
        taskForces: (await this.taskForces.list(s.user, Object.assign(new ListTaskForcesQuery(), { active: true, pageSize: 200 }))).items,
        regions: await this.regions.for(s.user),
        values: refused?.values ?? {},
      },
      refused,
    );
  }

  @Post()
  async create(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Body() body: FormBody) {
    await this.attemptCreate(s, reply, '/admin/routing-rules', body, async () => {
      const dto = await validatePicked(
        CreateRoutingRuleDto,
        readFields(body, { categoryId: integer, regionCode: text, level: text, departmentId: integer, taskForceId: integer }),
        [await this.regions.problem(s.user, text(body, 'regionCode'))],
      );
      await this.routing.create(s.user, dto);
      return '已新建交办规则';
    });
  }

  @Post(':id')
  async update(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Body() body: FormBody) {
    await attemptAdminChange(this.pages, reply, '/admin/routing-rules', '保存交办规则', async () => {
      const dto = await validateAs(
        UpdateRoutingRuleDto,
        present(readFields(body, { version: integer, departmentId: integer, active: yesNo })),
      );
      await this.routing.update(s.user, id, dto);
      return '已保存交办规则';
    });
  }
}
