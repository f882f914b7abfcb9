import { Body, Controller, Get, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CategoriesService } from '../../categories/categories.service';
import { CreateCategoryDto, UpdateCategoryDto } from '../../categories/dto/category.dto';
import { ConsoleController, ConsoleRoles } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { checked, integer, readFields, text, validateAs, yesNo, type FormBody } from '../http/form-fields';
import { attemptAdminChange, present } from './admin-form';

/** Appeal categories (诉求类别): the tree with inactive ones, create, edit, through CategoriesService. */
@ConsoleController()
@ConsoleRoles('admin')
@Controller('admin/categories')
export class CategoriesAdminPagesController {
  constructor(
    private readonly categories: CategoriesService,
    private readonly pages: ConsoleRenderer,
  ) {}

  @Get()
  async list(@Res() reply: FastifyReply) {
    await this.pages.page(reply, 'admin/categories', { title: '诉求类别', categories: await this.categories.list(true) });
  }

  @Post()
  async create(@Res() reply: FastifyReply, @Body() body: FormBody) {
    await attemptAdminChange(this.pages, reply, '/admin/categories', '新建类别', async () => {
      const dto = await validateAs(
        CreateCategoryDto,
        readFields(body, { code: text, name: text, parentId: integer, urgentByDefault: checked, sortOrder: integer }),
      );
      const c = await this.categories.create(dto);
      return `已创建类别 ${c.name}`;
    });
  }

  @Post(':id')
  async update(@Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Body() body: FormBody) {
    await attemptAdminChange(this.pages, reply, '/admin/categories', '保存类别', async () => {
      const dto = await validateAs(
        UpdateCategoryDto,
        present(readFields(body, { version: integer, name: text, sortOrder: integer, urgentByDefault: checked, active: yesNo })),
      );
      const c = await this.categories.update(id, dto);
      return `已保存类别 ${c.name}`;
    });
  }
}
