import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Public } from '../common/auth/decorators';
import { AuthService } from './auth.service';
import { LoginDto, RefreshDto, TokensDto } from './dto/auth.dto';
import { LocalAuthGuard } from './guards';
import { ApiErrors } from '../common/http/openapi/api-docs.decorators';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Sign in with username and password; repeated failures lock the account for a while (429) */
  @Public()
  @Post('login')
  @ApiErrors(401, 429)
  @HttpCode(200)
  @UseGuards(LocalAuthGuard)
  @ApiBody({ type: LoginDto })
  login(@CurrentUser() user: AuthUser, @Body() _dto: LoginDto): Promise<TokensDto> {
    return this.auth.issueTokens(user.id);
  }

  /** Exchange a refresh token for a new pair; the old one stops working, and reusing it revokes the session */
  @Public()
  @Post('refresh')
  @ApiErrors(401)
  @HttpCode(200)
  refresh(@Body() dto: RefreshDto): Promise<TokensDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  /** End the session the refresh token belongs to */
  @Public()
  @Post('logout')
  @ApiErrors(401)
  @HttpCode(204)
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }
}
