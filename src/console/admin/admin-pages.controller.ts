import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CategoriesService } from '../../categories/categories.service';
import { CreateCategoryDto, UpdateCategoryDto } from '../../categories/dto/category.dto';
import { ROLES } from '../../common/auth/role';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { DepartmentsService } from '../../departments/departments.service';
import { CreateDepartmentDto, ListDepartmentsQuery, UpdateDepartmentDto } from '../../departments/dto/department.dto';
import { CreateRoutingRuleDto, ListRoutingRulesQuery, UpdateRoutingRuleDto } from '../../routing/dto/routing-rule.dto';
import { RoutingService } from '../../routing/routing.service';
import { CreateSlaPolicyDto, ListSlaPoliciesQuery } from '../../sla/policies/dto/sla-policy.dto';
import { SlaPoliciesService } from '../../sla/policies/sla-policies.service';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from '../../users/dto/user.dto';
import { UsersService } from '../../users/users.service';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import type { ConsoleRequest } from '../http/console-request';
import { checked, echo, integer, queryAs, text, validateAs, yesNo, type FormBody } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { describeError } from '../shared/error-messages';

const USER_KEYS = ['role', 'q', 'active', 'regionCode', 'page'] as const;
const DEPT_KEYS = ['q', 'level', 'regionCode', 'page'] as const;

/** Blank optional fields of an edit form mean "leave as it is". */
function present<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Administration pages. Each form is validated as the API's DTO and handed to the API's service,
 * so the console can configure exactly what the JSON API can, no more.
 */
@ConsoleController()
@ConsoleRoles('admin')
@Controller('admin')
export class AdminPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly departments: DepartmentsService,
    private readonly categories: CategoriesService,
    private readonly routing: RoutingService,
    private readonly policies: SlaPoliciesService,
    private readonly pages: ConsoleRenderer,
  ) {}

  // ---- users ----

  @Get('users')
  async usersPage(
    @Session() s: ConsoleSession,
    @Req() request: ConsoleRequest,
    @Res() reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const page = await this.users.list(s.user, await queryAs(ListUsersQuery, raw, USER_KEYS));
    await this.pages.page(request, reply, 'admin/users', {
      title: '用户管理',
      page,
      filters: echo(raw, USER_KEYS),
      roles: ROLES,
      departments: await this.allDepartments(s),
    });
  }

  @Post('users')
  async createUser(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Body() body: FormBody) {
    await this.attempt(reply, '/admin/users', '新建用户', async () => {
      const dto = await validateAs(CreateUserDto, {
        username: text(body, 'username'),
        password: typeof body.password === 'string' ? body.password : undefined,
        displayName: text(body, 'displayName'),
        role: text(body, 'role'),
        regionCode: text(body, 'regionCode'),
        departmentId: integer(body, 'departmentId'),
        enterpriseId: integer(body, 'enterpriseId'),
        isDepartmentHead: checked(body, 'isDepartmentHead') || undefined,
        phone: text(body, 'phone'),
      });
      const user = await this.users.create(s.user, dto);
      return `已创建用户 ${user.username}`;
    });
  }

  @Get('users/:id')
  async userPage(
    @Session() s: ConsoleSession,
    @Req() request: ConsoleRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
  ) {
    const user = await this.users.get(s.user, id);
    await this.pages.page(request, reply, 'admin/user', {
      title: `用户 ${user.username}`,
      u: user,
      departments: await this.allDepartments(s),
    });
  }

  @Post('users/:id')
  async updateUser(
    @Session() s: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
  ) {
    await this.attempt(reply, `/admin/users/${id}`, '保存用户', async () => {
      const dto = await validateAs(
        UpdateUserDto,
        present({
          version: integer(body, 'version'),
          displayName: text(body, 'displayName'),
          regionCode: text(body, 'regionCode'),
          departmentId: integer(body, 'departmentId'),
          phone: text(body, 'phone'),
          isDepartmentHead: body.isDepartmentHeadShown ? checked(body, 'isDepartmentHead') : undefined,
          active: yesNo(body, 'active'),
          password: typeof body.password === 'string' && body.password !== '' ? body.password : undefined,
        }),
      );
      await this.users.update(s.user, id, dto);
      return dto.password ? '已保存；新密码已生效，该用户需重新登录' : '已保存';
    });
  }

  // ---- departments ----

  @Get('departments')
  async departmentsPage(
    @Session() s: ConsoleSession,
    @Req() request: ConsoleRequest,
    @Res() reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const page = await this.departments.list(s.user, await queryAs(ListDepartmentsQuery, raw, DEPT_KEYS));
    await this.pages.page(request, reply, 'admin/departments', { title: '责任单位', page, filters: echo(raw, DEPT_KEYS) });
  }

  @Post('departments')
  async createDepartment(@Res() reply: FastifyReply, @Body() body: FormBody) {
    await this.attempt(reply, '/admin/departments', '新建责任单位', async () => {
      const dto = await validateAs(CreateDepartmentDto, {
        name: text(body, 'name'),
        shortName: text(body, 'shortName'),
        regionCode: text(body, 'regionCode'),
      });
      const d = await this.departments.create(dto);
      return `已创建 ${d.name}`;
    });
  }

  @Post('departments/:id')
  async updateDepartment(
    @Session() s: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
  ) {
    await this.attempt(reply, '/admin/departments', '保存责任单位', async () => {
      const dto = await validateAs(
        UpdateDepartmentDto,
        present({
          version: integer(body, 'version'),
          name: text(body, 'name'),
          shortName: text(body, 'shortName'),
          active: yesNo(body, 'active'),
        }),
      );
      const d = await this.departments.update(s.user, id, dto);
      return `已保存 ${d.name}`;
    });
  }

  // ---- categories ----

  @Get('categories')
  async categoriesPage(@Req() request: ConsoleRequest, @Res() reply: FastifyReply) {
    await this.pages.page(request, reply, 'admin/categories', { title: '诉求类别', categories: await this.categories.list(true) });
  }

  @Post('categories')
  async createCategory(@Res() reply: FastifyReply, @Body() body: FormBody) {
    await this.attempt(reply, '/admin/categories', '新建类别', async () => {
      const dto = await validateAs(CreateCategoryDto, {
        code: text(body, 'code'),
        name: text(body, 'name'),
        parentId: integer(body, 'parentId'),
        urgentByDefault: checked(body, 'urgentByDefault'),
        sortOrder: integer(body, 'sortOrder'),
      });
      const c = await this.categories.create(dto);
      return `已创建类别 ${c.name}`;
    });
  }

  @Post('categories/:id')
  async updateCategory(@Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Body() body: FormBody) {
    await this.attempt(reply, '/admin/categories', '保存类别', async () => {
      const dto = await validateAs(
        UpdateCategoryDto,
        present({
          version: integer(body, 'version'),
          name: text(body, 'name'),
          sortOrder: integer(body, 'sortOrder'),
          urgentByDefault: checked(body, 'urgentByDefault'),
          active: yesNo(body, 'active'),
        }),
      );
      const c = await this.categories.update(id, dto);
      return `已保存类别 ${c.name}`;
    });
  }

  // ---- routing rules ----

  @Get('routing-rules')
  async routingPage(
    @Session() s: ConsoleSession,
    @Req() request: ConsoleRequest,
    @Res() reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const page = await this.routing.list(s.user, await queryAs(ListRoutingRulesQuery, raw, ['categoryId', 'regionCode', 'page']));
    await this.pages.page(request, reply, 'admin/routing-rules', {
      title: '交办规则',
      page,
      filters: echo(raw, ['categoryId', 'regionCode', 'page']),
      categories: await this.categories.list(),
      departments: await this.allDepartments(s),
    });
  }

  @Post('routing-rules')
  async createRule(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Body() body: FormBody) {
    await this.attempt(reply, '/admin/routing-rules', '新建交办规则', async () => {
      const dto = await validateAs(CreateRoutingRuleDto, {
        categoryId: integer(body, 'categoryId'),
        regionCode: text(body, 'regionCode'),
        level: text(body, 'level'),
        departmentId: integer(body, 'departmentId'),
      });
      await this.routing.create(s.user, dto);
      return '已新建交办规则';
    });
  }

  @Post('routing-rules/:id')
  async updateRule(
    @Session() s: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
  ) {
    await this.attempt(reply, '/admin/routing-rules', '保存交办规则', async () => {
      const dto = await validateAs(
        UpdateRoutingRuleDto,
        present({ version: integer(body, 'version'), departmentId: integer(body, 'departmentId'), active: yesNo(body, 'active') }),
      );
      await this.routing.update(s.user, id, dto);
      return '已保存交办规则';
    });
  }

  // ---- SLA policies ----

  @Get('sla-policies')
  async policiesPage(@Req() request: ConsoleRequest, @Res() reply: FastifyReply, @Query('history') history?: string) {
    const policies = await this.policies.list(Object.assign(new ListSlaPoliciesQuery(), { currentOnly: history !== 'true' }));
    await this.pages.page(request, reply, 'admin/sla-policies', {
      title: '时限策略',
      policies,
      history: history === 'true',
      categories: await this.categories.list(),
    });
  }

  @Post('sla-policies')
  async createPolicy(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Body() body: FormBody) {
    await this.attempt(reply, '/admin/sla-policies', '保存时限策略', async () => {
      const dto = await validateAs(CreateSlaPolicyDto, {
        categoryId: integer(body, 'categoryId') ?? null,
        urgency: text(body, 'urgency'),
        level: text(body, 'level') ?? null,
        responseAmount: integer(body, 'responseAmount'),
        responseUnit: text(body, 'responseUnit'),
        resolutionDays: integer(body, 'resolutionDays'),
        resolutionDaysCohandled: integer(body, 'resolutionDaysCohandled'),
        verificationDays: integer(body, 'verificationDays'),
      });
      const p = await this.policies.create(s.user, dto);
      return `已生效：第 ${p.policyVersion} 版（已在办的诉求仍按原版本计时）`;
    });
  }

  private async allDepartments(s: ConsoleSession) {
    return (await this.departments.list(s.user, Object.assign(new ListDepartmentsQuery(), { active: true, pageSize: 200 }))).items;
  }

  /** Runs a change; success and fixable errors both come back to the page as a message. */
  private async attempt(reply: FastifyReply, back: string, what: string, work: () => Promise<string>): Promise<void> {
    try {
      const done = await work();
      await this.pages.redirect(reply, back, { kind: 'success', text: done });
    } catch (error) {
      if (!(error instanceof AppError) || error.code === ErrorCode.Internal) throw error;
      const described = describeError({ statusCode: 400, code: error.code, message: error.message, details: error.details });
      await this.pages.redirect(reply, back, {
        kind: 'error',
        text: `${what}未完成：${described.title}`,
        details: described.details.length ? described.details : [described.message],
      });
    }
  }
}
