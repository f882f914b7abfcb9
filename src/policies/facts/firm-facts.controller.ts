import { Body, Controller, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ApiErrors } from '../../common/http/openapi/api-docs.decorators';
import { FirmFactsDto, PutFirmFactsDto } from './firm-facts.dto';
import { FirmFactsService } from './firm-facts.service';

@ApiTags('policies')
@ApiBearerAuth()
@Controller('api/enterprises/:id/facts')
export class FirmFactsController {
  constructor(private readonly facts: FirmFactsService) {}

  /** The firm's recorded facts (employees, output value, revenue) that policy rules can require */
  @Get()
  @Roles('admin', 'supervisor', 'officer', 'enterprise')
  @ApiOkResponse({ type: FirmFactsDto })
  @ApiErrors(400, 403, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<FirmFactsDto> {
    return this.facts.get(user, id);
  }

  /** Replace the firm's facts; the firm is re-matched against every live policy in the same transaction */
  @Put()
  @Roles('admin', 'supervisor')
  @ApiOkResponse({ type: FirmFactsDto })
  @ApiErrors(400, 403, 404)
  replace(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: PutFirmFactsDto): Promise<FirmFactsDto> {
    return this.facts.replace(user, id, dto);
  }
}
