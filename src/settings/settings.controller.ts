import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { SettingDto, UpdateSettingDto } from './dto/setting.dto';
import { SettingsService } from './settings.service';
import { ApiErrors } from '../common/http/openapi/api-docs.decorators';

@ApiTags('settings')
@ApiBearerAuth()
@Controller('api/settings')
@Roles('admin')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  /** Every run-time setting with its current value, description and version */
  @Get()
  list(): Promise<SettingDto[]> {
    return this.settings.list();
  }

  /** Change one setting; the value is validated for its key, send the version you read */
  @Put(':key')
  @ApiErrors(409)
  update(@CurrentUser() user: AuthUser, @Param('key') key: string, @Body() dto: UpdateSettingDto): Promise<SettingDto> {
    return this.settings.update(user, key, dto);
  }
}
