import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { Page } from '../common/pagination/page-query.dto';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, UserDto } from './dto/user.dto';
import { UsersService } from './users.service';
import { ApiErrors, ApiPagedResponse } from '../common/http/openapi/api-docs.decorators';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Users in your reach (admins and supervisors) */
  @Get()
  @Roles('admin', 'supervisor')
  @ApiPagedResponse(UserDto)
  list(@CurrentUser() user: AuthUser, @Query() query: ListUsersQuery): Promise<Page<UserDto>> {
    return this.users.list(user, query);
  }

  /** One user in your reach */
  @Get(':id')
  @Roles('admin', 'supervisor')
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<UserDto> {
    return this.users.get(user, id);
  }

  /** Create a user with a role and region */
  @Post()
  @ApiErrors(409)
  @Roles('admin')
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(user, dto);
  }

  /** Change profile, region, activity or password; send the version you read */
  @Patch(':id')
  @ApiErrors(409)
  @Roles('admin')
  update(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.users.update(user, id, dto);
  }
}
