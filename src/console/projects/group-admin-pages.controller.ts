import { Body, Controller, Get, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CreateGroupDto, type GroupDto, UpdateGroupDto } from '../../groups/dto/group.dto';
import { GroupsRepository } from '../../groups/groups.repository';
import { GroupsService } from '../../groups/groups.service';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { integer, text, texts, validateAs, type FormBody } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { type FormError, formErrorOf, isFormMistake } from './console-form-errors';
import { GROUP_FORM_HINTS, membersText, parseMemberLines } from './project-forms';

/**
 * Admins set up a working group (五个一: one leader, one city, …) and change its leader, cities
 * and period. People are named by their account; each problem is shown at its field in Chinese.
 */
@ConsoleController()
@Controller('groups')
export class GroupAdminPagesController {
  constructor(
    private readonly groups: GroupsService,
    private readonly rows: GroupsRepository,
    private readonly pages: ConsoleRenderer,
  ) {}

  @Get('new')
  @ConsoleRoles('admin')
  async newForm(@Res() reply: FastifyReply) {
    await this.render(reply, null, {}, null);
  }

  @Post('new')
  @ConsoleRoles('admin')
  async create(@Res() reply: FastifyReply, @Body() body: FormBody) {
    try {
      const people = await this.people(body);
      if ('error' in people) return await this.render(reply, null, body, people.error);
      const dto = await validateAs(CreateGroupDto, {
        name: text(body, 'name'),
        leaderId: people.leaderId,
        cityCodes: texts(body, 'cityCodes'),
        periodStart: text(body, 'periodStart'),
        periodEnd: text(body, 'periodEnd'),
        members: people.members.filter((m) => m.userId !== people.leaderId),
        description: text(body, 'description'),
      });
      const group = await this.groups.create(dto);
      await this.pages.redirect(reply, `/groups/${group.id}`, { kind: 'success', text: `已成立工作组：${group.name}` });
    } catch (error) {
      if (!isFormMistake(error)) throw error;
      await this.render(reply, null, body, this.describe(error));
    }
  }

  @Get(':id/edit')
  @ConsoleRoles('admin')
  async editForm(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number) {
    const group = await this.groups.get(session.user, id);
    const names = await this.rows.usernamesOf(group.members.map((m) => m.userId));
    await this.render(reply, group, valuesOf(group, names), null);
  }

  @Post(':id/edit')
  @ConsoleRoles('admin')
  async update(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
  ) {
    const group = await this.groups.get(session.user, id);
    try {
      const people = await this.people(body);
      if ('error' in people) return await this.render(reply, group, body, people.error);
      const dto = await validateAs(UpdateGroupDto, {
        version: integer(body, 'version'),
        name: text(body, 'name'),
        leaderId: people.leaderId,
        cityCodes: texts(body, 'cityCodes'),
        periodStart: text(body, 'periodStart'),
        periodEnd: text(body, 'periodEnd') ?? null,
        description: text(body, 'description') ?? null,
      });
      const updated = await this.groups.update(session.user, id, dto);
      // The members list is the whole list below the leader (the leader is set above).
      const members = people.members.filter((m) => m.userId !== updated.leader.userId);
      await this.groups.replaceMembers(session.user, id, {
        version: updated.version,
        members: members.map((m) => ({ userId: m.userId, duty: m.duty as 'member' })),
      });
      await this.pages.redirect(reply, `/groups/${id}`, { kind: 'success', text: '工作组信息已更新' });
    } catch (error) {
      if (!isFormMistake(error)) throw error;
      await this.render(reply, group, body, this.describe(error));
    }
  }

  /** The leader and members named by account; unknown accounts are the form's mistake. */
  private async people(
    body: FormBody,
  ): Promise<{ leaderId: number | undefined; members: Array<{ userId: number; duty: string }> } | { error: FormError }> {
    const leader = text(body, 'leader');
    const lines = parseMemberLines(text(body, 'members') ?? '');
    const accounts = await this.rows.staffByUsername([...(leader ? [leader] : []), ...lines.map((l) => l.username)]);
    const fields: Record<string, string> = {};
    if (leader && !accounts.has(leader)) fields.leader = `未找到在岗工作人员账号“${leader}”`;
    const unknown = lines.filter((l) => !accounts.has(l.username)).map((l) => l.username);
    if (unknown.length) fields.members = `未找到以下在岗工作人员账号：${unknown.join('、')}`;
    if (Object.keys(fields).length) return { error: { title: '提交的内容有误，请检查后重试', fields, others: [] } };
    return {
      leaderId: leader ? accounts.get(leader) : undefined,
      members: lines.map((l) => ({ userId: accounts.get(l.username) as number, duty: l.duty })),
    };
  }

  private describe(error: Parameters<typeof formErrorOf>[0]): FormError {
    return formErrorOf(error, GROUP_FORM_HINTS, {
      conflict: /City/.test(error.message)
        ? ['cityCodes', '所选城市已由其他工作组包联（一个城市只由一个工作组包联）']
        : ['name', '已有同名工作组'],
      notFound: { cityCodes: '请选择市州', members: '成员账号须为在岗工作人员' },
    });
  }

  private async render(reply: FastifyReply, group: GroupDto | null, values: FormBody, error: FormError | null) {
    const cities = await this.rows.cityOptions();
    await this.pages.page(
      reply,
      'groups/form',
      {
        title: group ? `修改工作组：${group.name}` : '成立包联工作组',
        group,
        values,
        chosen: texts(values, 'cityCodes'),
        cities: cities.map((c) => ({ ...c, takenByOther: c.groupId !== null && c.groupId !== group?.id })),
        error,
      },
      error ? (error.title.includes('冲突') || error.title.includes('他人') ? 409 : 400) : 200,
    );
  }
}

function valuesOf(group: GroupDto, names: Map<number, string>): FormBody {
  return {
    version: String(group.version),
    name: group.name,
    leader: names.get(group.leader.userId),
    cityCodes: group.cities.map((c) => c.code),
    periodStart: group.periodStart,
    periodEnd: group.periodEnd ?? undefined,
    description: group.description ?? undefined,
    members: membersText(
      group.members.filter((m) => m.duty !== 'leader'),
      names,
    ),
  };
}
