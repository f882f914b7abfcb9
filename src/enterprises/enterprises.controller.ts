import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { Page } from '../common/pagination/page-query.dto';
import { CreateEnterpriseDto, EnterpriseDto, ListEnterprisesQuery, UpdateEnterpriseDto } from './dto/enterprise.dto';
import { EnterprisesService } from './enterprises.service';
import { ApiErrors, ApiPagedResponse } from '../common/http/openapi/api-docs.decorators';

@ApiTags('enterprises')
@ApiBearerAuth()
@Controller('api/enterprises')
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  /** Enterprises in your reach (a firm's own staff: their firm), filtered and paged */
  @Get()
  @ApiPagedResponse(EnterpriseDto)
  list(@CurrentUser() user: AuthUser, @Query() query: ListEnterprisesQuery): Promise<Page<EnterpriseDto>> {
    return this.enterprises.list(user, query);
  }

  /** One enterprise with its current liaison officer */
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<EnterpriseDto> {
    return this.enterprises.get(user, id);
  }

  /** Register an enterprise in your reach; the credit code's check character is verified */
  @Post()
  @ApiErrors(409)
  @Roles('admin', 'supervisor')
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateEnterpriseDto): Promise<EnterpriseDto> {
    return this.enterprises.create(user, dto);
  }

  /**
   * Change an enterprise; send the version you read. Admins and supervisors change anything; the
   * firm's officer and its own staff change contact details only
   */
  @Patch(':id')
  @ApiErrors(409)
  @Roles('admin', 'supervisor', 'officer', 'enterprise')
  update(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateEnterpriseDto): Promise<EnterpriseDto> {
    return this.enterprises.update(user, id, dto);
  }
}
