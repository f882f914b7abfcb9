import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { IntegrityQueryDto } from '../../supervision/integrity/dto/integrity.dto';
import { IntegrityService } from '../../supervision/integrity/integrity.service';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { queryAs, type QueryString } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { describeError } from '../shared/error-messages';

const KEYS = ['period', 'key', 'regionCode'] as const;

/**
 * 诚信预警 (#16): the integrity signals of a period in the supervisor's region, each explained in
 * Chinese with the rule and the numbers behind it — through IntegrityService, the same call as
 * GET /api/supervision/integrity.
 */
@ConsoleController()
@ConsoleRoles('supervisor', 'admin')
@Controller('supervision/integrity')
export class IntegrityPagesController {
  constructor(
    private readonly integrity: IntegrityService,
    private readonly pages: ConsoleRenderer,
  ) {}

  @Get()
  async show(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const values = Object.fromEntries(KEYS.map((k) => [k, typeof raw[k] === 'string' && raw[k] !== '' ? raw[k] : undefined]));
    try {
      const query = await queryAs(IntegrityQueryDto, values, KEYS);
      const signals = await this.integrity.signals(session.user, query);
      await this.pages.page(reply, 'supervision/integrity', { title: '诚信预警', s: signals, values });
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== ErrorCode.ValidationFailed && error.code !== ErrorCode.BadRequest)) throw error;
      const described = describeError({ statusCode: 400, code: error.code, message: error.message, details: error.details });
      await this.pages.page(reply, 'supervision/integrity', { title: '诚信预警', s: null, values, error: described }, 400);
    }
  }
}
