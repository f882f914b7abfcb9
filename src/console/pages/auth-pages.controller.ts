import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ChangePasswordDto } from '../../users/dto/user.dto';
import { ConsoleController, ConsolePublicController, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { clientOf, safeNextPath, type ConsoleRequest } from '../http/console-request';
import { text, validateAs, type FormBody } from '../http/form-fields';
import { ConsoleSessionService, tokensMatch, type ConsoleSession } from '../session/console-session.service';
import { cookieOptions, LOGIN_CSRF_COOKIE, SESSION_ABSOLUTE_MS, SESSION_COOKIE } from '../session/session-cookie';
import { errorTitle, passwordProblemTexts } from '../shared/error-messages';
import type { PasswordProblem } from '../../users/domain/password-policy';

const HOME: Record<string, string> = {
  enterprise: '/home',
  officer: '/work',
  handler: '/work',
  supervisor: '/dashboard',
  admin: '/dashboard',
};

/** Sign-in and sign-out: the only console pages without a session. */
@ConsolePublicController()
@Controller()
export class LoginPagesController {
  constructor(
    private readonly sessions: ConsoleSessionService,
    private readonly pages: ConsoleRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('login')
  async loginForm(@Req() request: ConsoleRequest, @Res() reply: FastifyReply, @Query('next') next?: string): Promise<void> {
    const current = await this.sessions.resolve(request.cookies?.[SESSION_COOKIE]);
    if (current) return this.pages.redirect(reply, safeNextPath(next) === '/' ? HOME[current.user.role] : safeNextPath(next));
    await this.renderLogin(reply, { next: safeNextPath(next) });
  }

  @Post('login')
  @HttpCode(200)
  async login(@Req() request: ConsoleRequest, @Res() reply: FastifyReply, @Body() body: FormBody): Promise<void> {
    const next = safeNextPath(text(body, 'next'));
    const username = text(body, 'username') ?? '';
    // Login CSRF: the form must come from this browser's own copy of the sign-in page.
    if (!tokensMatch(request.cookies?.[LOGIN_CSRF_COOKIE] ?? '', text(body, '_csrf'))) {
      return this.renderLogin(reply, { next, username, error: '登录页面已过期，请重新输入后登录' }, 403);
    }
    const password = typeof body.password === 'string' ? body.password : '';
    if (!username || !password) return this.renderLogin(reply, { next, username, error: '请输入用户名和密码' }, 400);
    try {
      const { sessionId, user } = await this.sessions.signIn(username, password, clientOf(request));
      void reply.setCookie(SESSION_COOKIE, sessionId, cookieOptions(this.config.COOKIE_SECURE, SESSION_ABSOLUTE_MS / 1000));
      void reply.clearCookie(LOGIN_CSRF_COOKIE, cookieOptions(this.config.COOKIE_SECURE));
      return this.pages.redirect(reply, next === '/' ? HOME[user.role] : next);
    } catch (error) {
      if (error instanceof AppError && (error.code === ErrorCode.InvalidCredentials || error.code === ErrorCode.TooManyAttempts)) {
        if (error.headers) void reply.headers(error.headers);
        const status = error.code === ErrorCode.TooManyAttempts ? 429 : 401;
        return this.renderLogin(reply, { next, username, error: errorTitle(error.code) }, status);
      }
      throw error;
    }
  }

  /** The sign-in form: where to go after it, and after a refusal the name typed and why. */
  private async renderLogin(reply: FastifyReply, data: { next: string; username?: string; error?: string }, status = 200): Promise<void> {
    const token = this.sessions.newLoginToken();
    void reply.setCookie(LOGIN_CSRF_COOKIE, token, cookieOptions(this.config.COOKIE_SECURE, 3600));
    await this.pages.page(reply, 'login', { ...data, loginToken: token }, status);
  }
}

/** The signed-in user's own account: home redirect, sign-out, password. */
@ConsoleController()
@Controller()
export class AccountPagesController {
  constructor(
    private readonly sessions: ConsoleSessionService,
    private readonly pages: ConsoleRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  home(@Session() session: ConsoleSession, @Res() reply: FastifyReply): Promise<void> {
    return this.pages.redirect(reply, HOME[session.user.role]);
  }

  @Post('logout')
  async logout(@Session() session: ConsoleSession, @Res() reply: FastifyReply): Promise<void> {
    await this.sessions.signOut(session);
    void reply.clearCookie(SESSION_COOKIE, cookieOptions(this.config.COOKIE_SECURE));
    await this.pages.redirect(reply, '/login', { kind: 'info', text: '您已安全退出' });
  }

  @Get('account')
  account(@Res() reply: FastifyReply): Promise<void> {
    return this.pages.page(reply, 'account', {});
  }

  @Post('account/password')
  async changePassword(
    @Session() session: ConsoleSession,
    @Req() request: ConsoleRequest,
    @Res() reply: FastifyReply,
    @Body() body: FormBody,
  ): Promise<void> {
    if (body.newPassword !== body.confirmPassword) {
      return this.pages.redirect(reply, '/account', { kind: 'error', text: '两次输入的新密码不一致' });
    }
    try {
      const dto = await validateAs(ChangePasswordDto, { currentPassword: body.currentPassword, newPassword: body.newPassword });
      const sessionId = await this.sessions.changePassword(session, dto.currentPassword, dto.newPassword, clientOf(request));
      void reply.setCookie(SESSION_COOKIE, sessionId, cookieOptions(this.config.COOKIE_SECURE, SESSION_ABSOLUTE_MS / 1000));
      await this.pages.redirect(reply, '/account', { kind: 'success', text: '密码已修改，其他设备上的登录已全部退出' });
    } catch (error) {
      if (error instanceof AppError && (error.code === ErrorCode.ValidationFailed || error.code === ErrorCode.BadRequest)) {
        const wrongCurrent = error.details?.some((d) => d.field === 'currentPassword' && d.message === 'wrong password');
        const problems = error.context?.passwordProblems as PasswordProblem[] | undefined;
        return this.pages.redirect(reply, '/account', {
          kind: 'error',
          text: wrongCurrent ? '当前密码不正确' : problems ? '新密码不符合要求' : errorTitle(error.code),
          details: wrongCurrent ? undefined : problems ? passwordProblemTexts(problems) : error.details?.map((d) => d.message),
        });
      }
      throw error;
    }
  }
}
