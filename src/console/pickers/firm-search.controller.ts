import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ListEnterprisesQuery } from '../../enterprises/dto/enterprise.dto';
import { EnterprisesService } from '../../enterprises/enterprises.service';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import type { ConsoleSession } from '../session/console-session.service';

/** How many firms one answer lists: enough to pick from, small enough to read on a phone. */
export const FIRM_SEARCH_LIMIT = 10;

export interface FirmSearchItem {
  id: number;
  name: string;
  creditCode: string;
  regionName: string;
}

/**
 * The firm picker's search (public/firm-picker.js): firms by part of the name or the start of the
 * credit code, only among the firms the caller may see (EnterprisesService.list narrows through
 * enterpriseVisibleCondition: an officer their own firms, a supervisor the firms in reach, an
 * admin all). The roles are those whose forms pick a firm; handlers and firms pick none.
 */
@ConsoleController()
@ConsoleRoles('officer', 'supervisor', 'admin')
@Controller('pickers')
export class FirmSearchController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @Get('firms')
  async firms(@Session() session: ConsoleSession, @Query('q') raw: unknown, @Res() reply: FastifyReply): Promise<void> {
    const q = typeof raw === 'string' ? raw.trim().slice(0, 100) : '';
    let items: FirmSearchItem[] = [];
    let total = 0;
    if (q) {
      const query = Object.assign(new ListEnterprisesQuery(), { q, active: true, page: 1, pageSize: FIRM_SEARCH_LIMIT });
      const page = await this.enterprises.list(session.user, query);
      items = page.items.map((f) => ({ id: f.id, name: f.name, creditCode: f.creditCode, regionName: f.regionName }));
      total = page.total;
    }
    await reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send({ items, total });
  }
}
