import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The common-problem pool's clusters (#16), kept so a period is clustered once and only new
 * appeals are compared afterwards. `problem_cluster_members` holds every clustered appeal's
 * cluster (a cluster is keyed by the smallest appeal id in it; an appeal alone is its own key);
 * `problem_cluster_representatives` the at most 20 appeals per LSH bucket (band, hash) a newcomer
 * of that bucket is compared with. Empty at creation: the clustering job fills both from
 * appeal_texts / appeal_text_bands, oldest appeal first.
 */
export class ProblemClusters1763800004150 implements MigrationInterface {
  name = 'ProblemClusters1763800004150';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE problem_cluster_members (
        appeal_id INT UNSIGNED NOT NULL,
        cluster_key INT UNSIGNED NOT NULL,
        clustered_at DATETIME(3) NOT NULL,
        PRIMARY KEY (appeal_id),
        KEY ix_problem_cluster_members_cluster (cluster_key, appeal_id),
        CONSTRAINT fk_problem_cluster_members_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id)
      ) ENGINE=InnoDB`);
    await q.query(`
      CREATE TABLE problem_cluster_representatives (
        band TINYINT UNSIGNED NOT NULL,
        hash INT UNSIGNED NOT NULL,
        appeal_id INT UNSIGNED NOT NULL,
        cluster_key INT UNSIGNED NOT NULL,
        PRIMARY KEY (band, hash, appeal_id),
        KEY ix_problem_cluster_representatives_cluster (cluster_key),
        CONSTRAINT fk_problem_cluster_representatives_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id)
      ) ENGINE=InnoDB`);
    await q.query(`INSERT INTO leases (name, expires_at) VALUES ('problem-clusters', '1970-01-01')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM leases WHERE name = 'problem-clusters'`);
    await q.query('DROP TABLE problem_cluster_representatives');
    await q.query('DROP TABLE problem_cluster_members');
  }
}
