import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/decorators';
import { RegionsService } from '../regions/regions.service';
import { ChangePasswordDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { MeDto } from './dto/auth.dto';
import { ApiErrors } from '../common/http/openapi/api-docs.decorators';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/me')
export class MeController {
  constructor(
    private readonly regions: RegionsService,
    private readonly users: UsersService,
  ) {}

  /** Who you are, your role and the regions you reach */
  @Get()
  async me(@CurrentUser() user: AuthUser): Promise<MeDto> {
    const region = await this.regions.get(user.regionCode);
    return { ...user, regionName: region.name };
  }

  /** Change your own password; every other session of yours ends */
  @Post('password')
  @ApiErrors(403)
  @HttpCode(204)
  async changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.users.changeOwnPassword(user, dto.currentPassword, dto.newPassword);
  }
}
