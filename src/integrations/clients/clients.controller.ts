import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ApiErrors, ApiPagedResponse } from '../../common/http/openapi/api-docs.decorators';
import { type Page, PageQueryDto } from '../../common/pagination/page-query.dto';
import { ClientsService } from './clients.service';
import { ClientAuditEntryDto, ClientDto, ClientWithSecretDto, CreateClientDto, RotateSecretDto, UpdateClientDto } from './dto/client.dto';
import { PostCommand } from '../../common/http/openapi/command.decorators';

@ApiTags('integrations')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/clients')
export class ClientsController {
  constructor(private readonly clients: ClientsService) {}

  /** Register a machine client; the answer holds its secret, shown this once */
  @Post()
  @HttpCode(201)
  @ApiErrors(409)
  @ApiCreatedResponse({ type: ClientWithSecretDto })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateClientDto): Promise<ClientWithSecretDto> {
    return this.clients.create(user, dto);
  }

  /** List machine clients with their secrets’ states (never the secrets) */
  @Get()
  @ApiPagedResponse(ClientDto)
  list(@Query() query: PageQueryDto): Promise<Page<ClientDto>> {
    return this.clients.list(query);
  }

  /** One machine client: scopes, reach, secrets’ states, last use */
  @Get(':id')
  @ApiOkResponse({ type: ClientDto })
  get(@Param('id', ParseIntPipe) id: number): Promise<ClientDto> {
    return this.clients.get(id);
  }

  /** Rename it or change its scopes (tokens already issued lose a removed scope at once) */
  @Patch(':id')
  @ApiErrors(409)
  @ApiOkResponse({ type: ClientDto })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateClientDto): Promise<ClientDto> {
    return this.clients.update(user, id, dto);
  }

  /** Rotate: a new secret (shown once); the current ones keep working for overlapSeconds */
  @Post(':id/secrets')
  @HttpCode(201)
  @ApiErrors(409)
  @ApiCreatedResponse({ type: ClientWithSecretDto })
  rotateSecret(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: RotateSecretDto): Promise<ClientWithSecretDto> {
    return this.clients.rotate(user, id, dto);
  }

  /** Revoke one secret at once (a leaked one); tokens issued for it stop working */
  @Delete(':id/secrets/:secretId')
  @HttpCode(204)
  @ApiErrors(409)
  async revokeSecret(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Param('secretId', ParseIntPipe) secretId: number,
  ): Promise<void> {
    await this.clients.revokeSecret(user, id, secretId);
  }

  /** The client's lifecycle, newest first: registered, renamed or re-scoped (before → after), secrets rotated or revoked, revoked; by whom */
  @Get(':id/audit')
  @ApiPagedResponse(ClientAuditEntryDto)
  audit(@Param('id', ParseIntPipe) id: number, @Query() query: PageQueryDto): Promise<Page<ClientAuditEntryDto>> {
    return this.clients.audit(id, query);
  }

  /** Revoke the client for good: every secret and token stops at once; its record and history stay */
  @PostCommand(':id/revoke', { errors: [409] })
  @ApiOkResponse({ type: ClientDto })
  revoke(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<ClientDto> {
    return this.clients.revoke(user, id);
  }
}
