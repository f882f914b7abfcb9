import { Body, Controller, Get, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ROLES } from '../../common/auth/role';
import { DepartmentsService } from '../../departments/departments.service';
import { EnterprisesService } from '../../enterprises/enterprises.service';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from '../../users/dto/user.dto';
import { UsersService } from '../../users/users.service';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { checked, filteredList, integer, text, yesNo, type FormBody, type QueryString } from '../http/form-fields';
import { readFirmField } from '../pickers/firm-field';
import { validatePicked } from '../pickers/picked-form';
import { RegionChoices } from '../pickers/region-choices';
import type { ConsoleSession } from '../session/console-session.service';
import type { ErrorDescription } from '../shared/error-messages';
import { activeDepartments, attemptAdminForm, present, renderAdminPage, type Refusal } from './admin-form';
import { AdminListPages } from './admin-list-pages';

const USER_KEYS = ['role', 'q', 'active', 'regionCode', 'page'] as const;

/**
 * User administration. Each form is validated as the API's DTO and handed to UsersService, so the
 * console can configure exactly what the JSON API can, no more. The region and the firm are
 * picked (views/pickers.njk); a code or firm outside the admin's reach is refused at its field.
 */
@ConsoleController()
@ConsoleRoles('admin')
@Controller('admin/users')
export class UsersAdminPagesController extends AdminListPages {
  constructor(
    private readonly users: UsersService,
    private readonly departments: DepartmentsService,
    private readonly enterprises: EnterprisesService,
    private readonly regions: RegionChoices,
    pages: ConsoleRenderer,
  ) {
    super(pages);
  }

  protected async renderList(s: ConsoleSession, reply: FastifyReply, raw: QueryString, refused?: Refusal) {
    await renderAdminPage(
      this.pages,
      reply,
      'admin/users',
      {
        title: '用户管理',
        ...(await filteredList(ListUsersQuery, raw, USER_KEYS, (query) => this.users.list(s.user, query))),
        roles: ROLES,
        departments: await activeDepartments(this.departments, s.user),
        regions: await this.regions.for(s.user),
        values: refused?.values ?? {},
      },
      refused,
    );
  }

  @Post()
  async create(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Body() body: FormBody) {
    await this.attemptCreate(s, reply, '/admin/users', { ...body, password: undefined }, async () => {
      const firm = await readFirmField(this.enterprises, s.user, body, 'enterpriseId');
      const region = await this.regions.problem(s.user, text(body, 'regionCode'));
      const dto = await validatePicked(
        CreateUserDto,
        {
          username: text(body, 'username'),
          password: typeof body.password === 'string' ? body.password : undefined,
          displayName: text(body, 'displayName'),
          role: text(body, 'role'),
          regionCode: text(body, 'regionCode'),
          departmentId: integer(body, 'departmentId'),
          enterpriseId: firm.id,
          isDepartmentHead: checked(body, 'isDepartmentHead') || undefined,
          phone: text(body, 'phone'),
        },
        [region, firm.problem],
      );
      const user = await this.users.create(s.user, dto);
      return `已创建用户 ${user.username}`;
    });
  }

  @Get(':id')
  async show(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number) {
    await this.renderUser(s, reply, id);
  }

  private async renderUser(s: ConsoleSession, reply: FastifyReply, id: number, refused?: Refusal) {
    const user = await this.users.get(s.user, id);
    await renderAdminPage(
      this.pages,
      reply,
      'admin/user',
      {
        title: `用户 ${user.username}`,
        u: user,
        departments: await activeDepartments(this.departments, s.user),
        regions: await this.regions.for(s.user),
        // No values before a refusal: the form shows the user's own.
        values: refused?.values,
      },
      refused);
  }

  @Post(':id')
  async update(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Body() body: FormBody) {
    const again = (error: ErrorDescription) => this.renderUser(s, reply, id, { error, values: { ...body, password: undefined } });
    await attemptAdminForm(
      this.pages,
      reply,
      `/admin/users/${id}`,
      async () => {
        const dto = await validatePicked(
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
          [await this.regions.problem(s.user, text(body, 'regionCode'))],
        );
        await this.users.update(s.user, id, dto);
        return dto.password ? '已保存；新密码已生效，该用户需重新登录' : '已保存';
      },
      again,
    );
  }
}
