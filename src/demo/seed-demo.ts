import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { PasswordHasher } from '../users/password-hasher';
import { DemoClock } from './demo-clock';
import { DEMO_PASSWORD } from './demo-departments';
import { seedAppeals } from './seed-appeals';
import { DemoLogin, seedDepartments, seedStaff, seedTaskForces } from './seed-foundation';
import { seedEnterprises } from './seed-enterprises';
import { seedPolicies } from './seed-policies';
import { seedSlaDemo } from './seed-sla';
import { seedProjectsDemo } from './seed-projects';
import { EnterpriseImportRepository } from '../imports/enterprise-import.repository';

export interface DemoSummary {
  created: boolean;
  description: string;
  password: string;
  logins: DemoLogin[];
}

/** Loads the demo data set once; later runs find the admin user and leave everything alone. */
export async function seedDemo(app: INestApplication, db: DataSource, clock: DemoClock): Promise<DemoSummary> {
  const existing: Array<{ username: string; role: string; display_name: string }> = await db.query(
    `SELECT username, role, display_name FROM users WHERE password_hash IS NOT NULL AND username NOT LIKE 'ent\\_%' ORDER BY id LIMIT 20`,
  );
  if (existing.some((u) => u.username === 'admin')) {
    return {
      created: false,
      description: '',
      password: DEMO_PASSWORD,
      logins: existing.map((u) => ({ username: u.username, role: u.role, who: u.display_name })),
    };
  }
  await seedDepartments(db);
  await seedTaskForces(db);
  const logins = await seedStaff(db, app.get(PasswordHasher));
  const enterprises = await seedEnterprises(
    db,
    app.get(PasswordHasher),
    app.get(EnterpriseImportRepository, { strict: false }),
    clock.now(),
  );
  logins.push(...enterprises.logins);
  // Appeals need the enterprises and their officers above.
  const appeals = await seedAppeals(app, db, clock);
  const [handler] = await db.query("SELECT username, display_name FROM users WHERE username LIKE 'h\\_%' ORDER BY id LIMIT 1");
  if (handler) {
    logins.push({
      username: handler.username,
      role: 'handler',
      who: `${handler.display_name} (likewise h_<department id> for every department with demo appeals)`,
    });
  }
  // Policies match the firms above and are partly delivered by their officers (no appeals added).
  const policies = await seedPolicies(app, db, clock);
  // Now in real time: the first sweep lights the overdue cases and climbs the ladder.
  const sla = await seedSlaDemo(app, db);
  // Projects and working groups last: they link the appeals above and the groups' ledgers list them.
  const projects = await seedProjectsDemo(app, db, clock);
  logins.push(...projects.logins);
  const lights = Object.entries(sla.lights)
    .map(([light, n]) => `${n} ${light}`)
    .join(', ');
  return {
    created: true,
    description: `regions, departments, the provincial 产业链专班, staff, ${enterprises.firms} enterprises with officers, ${enterprises.visits} visits, ${appeals} appeals (open: ${lights}), ${projects.projects} key projects, ${projects.groups} working groups, ${policies.policies} policies with ${policies.records} firm records (${policies.delivered} delivery steps)`,
    password: DEMO_PASSWORD,
    logins,
  };
}
