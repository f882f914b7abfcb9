import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { projectVisibleCondition } from '../project-scope';

export interface RegionStock {
  child: string;
  stageCode: string;
  projects: number;
  plannedWan: number;
  investedWan: number;
  overdueMilestones: number;
}

export interface RegionFlow {
  child: string;
  advanced: number;
  reachedProduction: number;
  reachedCapacity: number;
}

/**
 * The grouped counts behind the project figures: one statement for the stock (projects by child
 * region and stage, with investment and overdue milestones) and one for the period's flows (stage
 * changes from project_events, found by ix_project_events_stage_change). Both narrow through
 * projectVisibleCondition, so figures never count a project the caller could not open.
 */
@Injectable()
export class ProjectFiguresRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The child region of a project as the rows group it: cities under a province, counties under a city. */
  private childExpression(level: 'province' | 'city' | 'county'): string {
    return level === 'province' ? 'p.city_code' : 'p.region_code';
  }

  async stock(user: AuthUser, prefix: string, level: 'province' | 'city' | 'county', now: Date): Promise<RegionStock[]> {
    const visible = projectVisibleCondition('p', user);
    const rows: Array<{
      child: string;
      stage_code: string;
      projects: number;
      planned: number | null;
      invested: number | null;
      overdue: number | null;
    }> = await this.db.query(
      `SELECT ${this.childExpression(level)} AS child, p.stage_code, COUNT(*) AS projects, SUM(p.total_investment_wan) AS planned,
              SUM(p.invested_to_date_wan) AS invested,
              SUM((SELECT COUNT(*) FROM project_milestones m WHERE m.project_id = p.id AND m.done_at IS NULL AND m.due_at < ?)) AS overdue
         FROM projects p
        WHERE p.region_code LIKE ? AND ${visible.sql}
        GROUP BY child, p.stage_code`,
      [now, `${prefix}%`, ...visible.params],
    );
    return rows.map((r) => ({
      child: String(r.child),
      stageCode: String(r.stage_code),
      projects: Number(r.projects),
      plannedWan: Number(r.planned ?? 0),
      investedWan: Number(r.invested ?? 0),
      overdueMilestones: Number(r.overdue ?? 0),
    }));
  }

  /**
   * Forward stage changes recorded in [from, to): a project counts once per figure however many
   * stages it moved. "Production" is the pipeline's last two stages, "capacity" its last.
   */
  async flows(
    user: AuthUser,
    prefix: string,
    level: 'province' | 'city' | 'county',
    from: Date,
    to: Date,
    productionFrom: number,
    finalPosition: number,
  ): Promise<RegionFlow[]> {
    const visible = projectVisibleCondition('p', user);
    const rows: Array<{ child: string; advanced: number; production: number; capacity: number }> = await this.db.query(
      `SELECT ${this.childExpression(level)} AS child, COUNT(DISTINCT e.project_id) AS advanced,
              COUNT(DISTINCT CASE WHEN ts.position >= ? THEN e.project_id END) AS production,
              COUNT(DISTINCT CASE WHEN ts.position >= ? THEN e.project_id END) AS capacity
         FROM project_events e
         JOIN projects p ON p.id = e.project_id
         JOIN project_stages fs ON fs.code = e.from_stage
         JOIN project_stages ts ON ts.code = e.to_stage
        WHERE e.action = 'stage_change' AND e.created_at >= ? AND e.created_at < ? AND ts.position > fs.position
          AND p.region_code LIKE ? AND ${visible.sql}
        GROUP BY child`,
      [productionFrom, finalPosition, from, to, `${prefix}%`, ...visible.params],
    );
    return rows.map((r) => ({
      child: String(r.child),
      advanced: Number(r.advanced),
      reachedProduction: Number(r.production),
      reachedCapacity: Number(r.capacity),
    }));
  }
}
