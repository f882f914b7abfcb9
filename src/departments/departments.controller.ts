import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { Page } from '../common/pagination/page-query.dto';
import { DepartmentsService } from './departments.service';
import { CreateDepartmentDto, DepartmentDto, ListDepartmentsQuery, UpdateDepartmentDto } from './dto/department.dto';
import { ApiErrors, ApiPagedResponse } from '../common/http/openapi/api-docs.decorators';

@ApiTags('departments')
@ApiBearerAuth()
@Controller('api/departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  /** Responsible units in your reach and on the chain above you */
  @Get()
  @ApiPagedResponse(DepartmentDto)
  list(@CurrentUser() user: AuthUser, @Query() query: ListDepartmentsQuery): Promise<Page<DepartmentDto>> {
    return this.departments.list(user, query);
  }

  /** One department in your reach */
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<DepartmentDto> {
    return this.departments.get(user, id);
  }

  /** Create a department in a region */
  @Post()
  @ApiErrors(409)
  @Roles('admin')
  create(@Body() dto: CreateDepartmentDto): Promise<DepartmentDto> {
    return this.departments.create(dto);
  }

  /** Rename or (de)activate; send the version you read */
  @Patch(':id')
  @ApiErrors(409)
  @Roles('admin')
  update(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateDepartmentDto): Promise<DepartmentDto> {
    return this.departments.update(user, id, dto);
  }
}
