import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/http/openapi/api-docs.decorators';
import { LikelyDuplicatesDto, LikelyDuplicatesQueryDto } from './dto/likely-duplicates.dto';
import { LikelyDuplicatesService } from './likely-duplicates.service';

@ApiTags('appeals')
@ApiBearerAuth()
@Controller('api/appeals/likely-duplicates')
export class LikelyDuplicatesController {
  constructor(private readonly duplicates: LikelyDuplicatesService) {}

  /**
   * The firm's open appeals likely to be the same problem as the appeal about to be submitted
   * (title and description compared as segmented Chinese words). Reads only; the submitter may
   * still submit. An officer names the firm; only the appeals they may read are compared (none for
   * a firm that is not theirs).
   */
  @Post()
  @HttpCode(200)
  @Roles('enterprise', 'officer')
  @ApiErrors(400, 403)
  @ApiOkResponse({ type: LikelyDuplicatesDto })
  likelyDuplicates(@CurrentUser() user: AuthUser, @Body() query: LikelyDuplicatesQueryDto): Promise<LikelyDuplicatesDto> {
    return this.duplicates.find(user, query);
  }
}
