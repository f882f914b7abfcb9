import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ApiErrors } from '../../common/http/openapi/api-docs.decorators';
import { IntegrityQueryDto, IntegritySignalsDto } from './dto/integrity.dto';
import { IntegrityService } from './integrity.service';

@ApiTags('supervision')
@ApiBearerAuth()
@Roles('supervisor', 'admin')
@Controller('api/supervision')
export class IntegrityController {
  constructor(private readonly integrity: IntegrityService) {}

  /**
   * Integrity signals of a period in a region (#16): officers whose recorded follow-up ratings are far
   * more favourable than their firms' own, ratings given within minutes of the answer from the
   * handler's session or address, departments whose ratings jump after redos, and answers given
   * without any contact with the firm. Each with its rule, an explanation and the numbers behind it;
   * a signal is a reason to look, not a verdict
   */
  @Get('integrity')
  @ApiErrors(404)
  @ApiOkResponse({ type: IntegritySignalsDto })
  signals(@CurrentUser() user: AuthUser, @Query() query: IntegrityQueryDto): Promise<IntegritySignalsDto> {
    return this.integrity.signals(user, query);
  }
}
