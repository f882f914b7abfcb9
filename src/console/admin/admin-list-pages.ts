import { Get, Query, Res } from '@nestjs/common';
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
