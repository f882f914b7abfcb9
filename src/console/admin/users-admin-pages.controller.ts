import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ROLES } from '../../common/auth/role';
import { DepartmentsService } from '../../departments/departments.service';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from '../../users/dto/user.dto';
import { UsersService } from '../../users/users.service';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import type { ConsoleRequest } from '../http/console-request';
import { checked, echo, integer, queryAs, text, validateAs, yesNo, type FormBody } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { activeDepartments, attemptAdminChange, present } from './admin-form';

const USER_KEYS = ['role', 'q', 'active', 'regionCode', 'page'] as const;

/**
 * User administration. Each form is validated as the API's DTO and handed to UsersService, so the
 * console can configure exactly what the JSON API can, no more.
 */
@ConsoleController()
@ConsoleRoles('admin')
@Controller('admin/users')
export class UsersAdminPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly departments: DepartmentsService,
    private readonly pages: ConsoleRenderer,
  ) {}

  @Get()
  async list(
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
      departments: await activeDepartments(this.departments, s.user),
    });
  }

  @Post()
  async create(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Body() body: FormBody) {
    await attemptAdminChange(this.pages, reply, '/admin/users', '新建用户', async () => {
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

  @Get(':id')
  async show(
    @Session() s: ConsoleSession,
    @Req() request: ConsoleRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
  ) {
    const user = await this.users.get(s.user, id);
    await this.pages.page(request, reply, 'admin/user', {
      title: `用户 ${user.username}`,
      u: user,
      departments: await activeDepartments(this.departments, s.user),
    });
  }

  @Post(':id')
  async update(
    @Session() s: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
  ) {
    await attemptAdminChange(this.pages, reply, `/admin/users/${id}`, '保存用户', async () => {
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
}
