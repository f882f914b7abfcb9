import type { INestApplication } from '@nestjs/common';
import { toAuthUser } from '../auth/auth.service';
import type { AuthUser } from '../common/auth/auth-user';
import { UsersRepository } from '../users/users.repository';

/**
 * The demo acts through the real services as real users: who(id) is that user's identity as a
 * signed-in request would carry it, read once per user and kept for the rest of the seed.
 */
export function demoIdentities(app: INestApplication): (userId: number) => Promise<AuthUser> {
  const users = app.get(UsersRepository);
  const identities = new Map<number, AuthUser>();
  return async (userId) => {
    if (!identities.has(userId)) identities.set(userId, toAuthUser((await users.findActiveIdentity(userId))!));
    return identities.get(userId)!;
  };
}
