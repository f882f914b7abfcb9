import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { translatingWrites } from '../common/database/unit-of-work';
import type { ColumnChanges } from '../common/database/versioned-update';
import { Page, pageFrom } from '../common/pagination/page-query.dto';
import { DepartmentsRepository } from '../departments/departments.repository';
import { RegionsService } from '../regions/regions.service';
import { RefreshTokensRepository } from '../auth/refresh-tokens.repository';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, UserDto } from './dto/user.dto';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';
import { type UserColumns, UsersRepository } from './users.repository';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblems, type PasswordOwner } from './domain/password-policy';
import { ErrorCode } from '../common/errors/error-code';

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    regionCode: user.regionCode,
    departmentId: user.departmentId,
    enterpriseId: user.enterpriseId,
    isDepartmentHead: user.isDepartmentHead,
    phone: user.phone,
    active: user.active,
    version: user.version,
  };
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly regions: RegionsService,
    private readonly departments: DepartmentsRepository,
    private readonly hasher: PasswordHasher,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, query: ListUsersQuery): Promise<Page<UserDto>> {
    return pageFrom(this.users.listInReach(user, query), query, toUserDto);
  }

  async get(user: AuthUser, id: number): Promise<UserDto> {
    const found = await this.users.findInReach(user, id);
    if (!found) throw AppError.notFound('User', id);
    return toUserDto(found);
  }

  async create(actor: AuthUser, dto: CreateUserDto): Promise<UserDto> {
    await this.regions.requireExisting(dto.regionCode);
    if (!dto.regionCode.startsWith(actor.reachPrefix)) {
      throw AppError.badRequest('You can only create users in your own region', [{ field: 'regionCode', message: 'outside your reach' }]);
    }
    await this.checkAffiliation(dto.role, dto.regionCode, dto.departmentId, dto.enterpriseId);
    return translatingWrites(
      async () => {
        const id = await this.users.insert({
          username: dto.username,
          passwordHash: await this.hasher.hash(
            checkedPassword(dto.password, { username: dto.username, displayName: dto.displayName }, 'password'),
          ),
          displayName: dto.displayName,
          role: dto.role,
          regionCode: dto.regionCode,
          departmentId: dto.departmentId ?? null,
          enterpriseId: dto.enterpriseId ?? null,
          isDepartmentHead: dto.role === 'handler' && (dto.isDepartmentHead ?? false),
          phone: dto.phone ?? null,
          active: true,
        });
        return this.get(actor, id);
      },
      { duplicate: () => AppError.conflict(`The username ${dto.username} is taken`) },
    );
  }

  async update(actor: AuthUser, id: number, dto: UpdateUserDto): Promise<UserDto> {
    const existing = await this.users.findInReach(actor, id);
    if (!existing) throw AppError.notFound('User', id);
    const regionCode = dto.regionCode ?? existing.regionCode;
    if (dto.regionCode) {
      await this.regions.requireExisting(dto.regionCode);
      if (!dto.regionCode.startsWith(actor.reachPrefix)) {
        throw AppError.badRequest('You can only move users within your own region', [
          { field: 'regionCode', message: 'outside your reach' },
        ]);
      }
    }
    const departmentId = dto.departmentId ?? existing.departmentId ?? undefined;
    await this.checkAffiliation(existing.role, regionCode, departmentId, existing.enterpriseId ?? undefined);

    const changes: ColumnChanges<UserColumns> = {};
    if (dto.displayName !== undefined) changes.display_name = dto.displayName;
    if (dto.active !== undefined) changes.active = dto.active ? 1 : 0;
    if (dto.regionCode !== undefined) changes.region_code = dto.regionCode;
    if (dto.departmentId !== undefined) changes.department_id = dto.departmentId;
    if (dto.isDepartmentHead !== undefined) changes.is_department_head = existing.role === 'handler' && dto.isDepartmentHead ? 1 : 0;
    if (dto.phone !== undefined) changes.phone = dto.phone;
    const now = this.clock.now();
    if (dto.password !== undefined) {
      const owner = { username: existing.username, displayName: dto.displayName ?? existing.displayName };
      changes.password_hash = await this.hasher.hash(checkedPassword(dto.password, owner, 'password'));
      changes.password_changed_at = now;
    }
    await this.users.update(id, dto.version, changes);
    // A new password or a deactivation ends every session of that user.
    if (dto.password !== undefined || dto.active === false) await this.refreshTokens.revokeAllForUser(id, now);
    return this.get(actor, id);
  }

  async changeOwnPassword(actor: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const hash = await this.users.findPasswordHash(actor.id);
    if (!hash || !(await this.hasher.verify(hash, currentPassword))) {
      throw AppError.badRequest('The current password is wrong', [{ field: 'currentPassword', message: 'wrong password' }]);
    }
    const now = this.clock.now();
    const checked = checkedPassword(newPassword, { username: actor.username, displayName: actor.displayName }, 'newPassword');
    await this.users.setPassword(actor.id, await this.hasher.hash(checked), now);
    await this.refreshTokens.revokeAllForUser(actor.id, now);
  }

  /** A handler belongs to a department of their own region; an enterprise user to one firm. */
  private async checkAffiliation(role: User['role'], regionCode: string, departmentId?: number, enterpriseId?: number): Promise<void> {
    if (role === 'handler') {
      if (!departmentId)
        throw AppError.badRequest('A handler needs a department', [{ field: 'departmentId', message: 'required for handlers' }]);
      const department = await this.departments.findById(departmentId);
      if (!department)
        throw AppError.badRequest(`Unknown department ${departmentId}`, [{ field: 'departmentId', message: 'unknown department' }]);
      if (department.regionCode !== regionCode) {
        throw AppError.badRequest('A handler must be in the region of their department', [
          { field: 'regionCode', message: `must be ${department.regionCode}, the department's region` },
        ]);
      }
    } else if (departmentId) {
      throw AppError.badRequest('Only handlers belong to a department', [{ field: 'departmentId', message: 'only for handlers' }]);
    }
    if (role === 'enterprise') {
      if (!enterpriseId)
        throw AppError.badRequest('An enterprise user needs an enterprise', [
          { field: 'enterpriseId', message: 'required for enterprise users' },
        ]);
      const firmRegion = await this.users.findEnterpriseRegion(enterpriseId);
      if (!firmRegion)
        throw AppError.badRequest(`Unknown enterprise ${enterpriseId}`, [{ field: 'enterpriseId', message: 'unknown enterprise' }]);
      if (firmRegion !== regionCode) {
        throw AppError.badRequest("An enterprise user must be in the firm's region", [
          { field: 'regionCode', message: `must be ${firmRegion}` },
        ]);
      }
    } else if (enterpriseId) {
      throw AppError.badRequest('Only enterprise users belong to an enterprise', [
        { field: 'enterpriseId', message: 'only for enterprise users' },
      ]);
    }
  }
}

/** The password if the policy accepts it; otherwise a 400 naming the field and every problem. */
function checkedPassword(password: string, owner: PasswordOwner, field: string): string {
  const problems = passwordProblems(password, owner);
  if (problems.length) {
    throw new AppError(
      ErrorCode.ValidationFailed,
      `The ${field === 'newPassword' ? 'new password' : 'password'} ${problems.map((p) => PASSWORD_PROBLEM_MESSAGES[p]).join('; ')}`,
      problems.map((p) => ({ field, message: `${field} ${PASSWORD_PROBLEM_MESSAGES[p]}` })),
      { passwordProblems: problems },
    );
  }
  return password;
}
