import { Get, Param, ParseIntPipe, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Session } from '../http/console-page.decorator';
import type { ConsoleRenderer } from '../http/console-renderer';
import type { FormBody, QueryString } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { attemptAdminForm, type Refusal } from './admin-form';

/**
 * An admin list page that carries its entity's create form (users, departments, routing rules,
 * clients, webhooks): GET shows the filtered list, and a refused create shows the same page
 * again with the refusal. Each entity's controller says what its list shows (renderList) and
 * keeps its own routes for the rest.
 */
export abstract class AdminListPages {
  constructor(protected readonly pages: ConsoleRenderer) {}

  @Get()
  async list(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    await this.renderList(s, reply, raw);
  }

  /** The list page; after a refused create with its error beside the fields and what was typed. */
  protected abstract renderList(s: ConsoleSession, reply: FastifyReply, raw: QueryString, refused?: Refusal): Promise<void>;

  /**
   * Creates through `work` (which answers the success flash): back to `back` when done; a
   * fixable refusal shows the list again with `values` (what was posted, less any password) in the form.
   */
  protected async attemptCreate(
    s: ConsoleSession,
    reply: FastifyReply,
    back: string,
    values: FormBody,
    work: () => Promise<string>,
  ): Promise<void> {
    await attemptAdminForm(this.pages, reply, back, work, (error) => this.renderList(s, reply, {}, { error, values }));
  }
}

/**
 * An admin list whose records have a page of their own with a paged history (clients and their
 * audit, webhooks and their deliveries): GET :id shows one, and a refused change to it shows the
 * same page again with the refusal.
 */
export abstract class AdminRecordPages extends AdminListPages {
  @Get(':id')
  async show(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Query() raw: QueryString) {
    await this.renderDetail(s, reply, id, raw);
  }

  /** The record's page (`raw` pages its history); after a refused change with its error and what was typed. */
  protected abstract renderDetail(s: ConsoleSession, reply: FastifyReply, id: number, raw: QueryString, refused?: Refusal): Promise<void>;
}
