import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A routing rule may name a task force (专班, #20) beside its department: the rules' proposal then
 * suggests bringing it in as co-handlers when the appeal is routed. Only a suggestion — the officer
 * or supervisor routing the appeal decides — and only a task force covering the rule's region.
 */
export class RoutingRuleTaskForces1763800005110 implements MigrationInterface {
  name = 'RoutingRuleTaskForces1763800005110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE routing_rules
        ADD COLUMN task_force_id INT UNSIGNED NULL,
        ADD KEY ix_routing_rules_task_force (task_force_id),
        ADD CONSTRAINT fk_routing_rules_task_force FOREIGN KEY (task_force_id) REFERENCES task_forces (id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE routing_rules DROP FOREIGN KEY fk_routing_rules_task_force');
    await q.query('ALTER TABLE routing_rules DROP KEY ix_routing_rules_task_force, DROP COLUMN task_force_id');
  }
}
