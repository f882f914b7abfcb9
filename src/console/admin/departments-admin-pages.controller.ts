import { Body, Controller, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DepartmentsService } from '../../departments/departments.service';
import { CreateDepartmentDto, ListDepartmentsQuery, UpdateDepartmentDto } from '../../departments/dto/department.dto';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { filteredList, integer, readFields, text, validateAs, yesNo, type FormBody, type QueryString } from '../http/form-fields';
import { validatePicked } from '../pickers/picked-form';
import { RegionChoices } from '../pickers/region-choices';
import type { ConsoleSession } from '../session/console-session.service';
import { attemptAdminChange, present, renderAdminPage, type Refusal } from './admin-form';
import { AdminListPages } from './admin-list-pages';

const DEPT_KEYS = ['q', 'level', 'regionCode', 'page'] as const;

/** Responsible departments (责任单位): list, create, rename / deactivate, through DepartmentsService. */
@ConsoleController()
@ConsoleRoles('admin')
@Controller('admin/departments')
export class DepartmentsAdminPagesController extends AdminListPages {
  constructor(
    private readonly departments: DepartmentsService,
    private readonly regions: RegionChoices,
    pages: ConsoleRenderer,
  ) {
    super(pages);
  }

  protected async renderList(s: ConsoleSession, reply: FastifyReply, raw: QueryString, refused?: Refusal) {
    const listed = await filteredList(ListDepartmentsQuery, raw, DEPT_KEYS, (query) => this.departments.list(s.user, query));
    const view = { title: '责任单位', ...listed, regions: await this.regions.for(s.user), values: refused?.values ?? {} };
    await renderAdminPage(this.pages, reply, 'admin/departments', view, refused);
  }

  @Post()
  async create(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Body() body: FormBody) {
    await this.attemptCreate(s, reply, '/admin/departments', body, async () => {
      const dto = await validatePicked(
        CreateDepartmentDto,
        readFields(body, { name: text, shortName: text, regionCode: text }),
        [await this.regions.problem(s.user, text(body, 'regionCode'))],
      );
      const d = await this.departments.create(dto);
      return `已创建 ${d.name}`;
    });
  }

  @Post(':id')
  async update(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Body() body: FormBody) {
    await attemptAdminChange(this.pages, reply, '/admin/departments', '保存责任单位', async () => {
      const dto = await validateAs(
        UpdateDepartmentDto,
        present(readFields(body, { version: integer, name: text, shortName: text, active: yesNo })),
      );
      const d = await this.departments.update(s.user, id, dto);
      return `已保存 ${d.name}`;
    });
  }
}
