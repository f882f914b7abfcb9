import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DepartmentsService } from '../../departments/departments.service';
import { CreateDepartmentDto, ListDepartmentsQuery, UpdateDepartmentDto } from '../../departments/dto/department.dto';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import type { ConsoleRequest } from '../http/console-request';
import { echo, integer, queryAs, text, validateAs, yesNo, type FormBody } from '../http/form-fields';
import { validatePicked } from '../pickers/picked-form';
import { RegionChoices } from '../pickers/region-choices';
import type { ConsoleSession } from '../session/console-session.service';
import type { ErrorDescription } from '../shared/error-messages';
import { attemptAdminChange, attemptAdminForm, present } from './admin-form';

const DEPT_KEYS = ['q', 'level', 'regionCode', 'page'] as const;

/** Responsible departments (责任单位): list, create, rename / deactivate, through DepartmentsService. */
@ConsoleController()
@ConsoleRoles('admin')
@Controller('admin/departments')
export class DepartmentsAdminPagesController {
  constructor(
    private readonly departments: DepartmentsService,
    private readonly regions: RegionChoices,
    private readonly pages: ConsoleRenderer,
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
    const page = await this.departments.list(s.user, await queryAs(ListDepartmentsQuery, raw, DEPT_KEYS));
    await this.pages.page(
      request,
      reply,
      'admin/departments',
      {
        title: '责任单位',
        page,
        filters: echo(raw, DEPT_KEYS),
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
      '/admin/departments',
      async () => {
        const dto = await validatePicked(
          CreateDepartmentDto,
          { name: text(body, 'name'), shortName: text(body, 'shortName'), regionCode: text(body, 'regionCode') },
          [await this.regions.problem(s.user, text(body, 'regionCode'))],
        );
        const d = await this.departments.create(dto);
        return `已创建 ${d.name}`;
      },
      again,
    );
  }

  @Post(':id')
  async update(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Body() body: FormBody) {
    await attemptAdminChange(this.pages, reply, '/admin/departments', '保存责任单位', async () => {
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
}
