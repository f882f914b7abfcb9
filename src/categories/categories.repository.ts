import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ColumnChanges, updateWithVersion } from '../common/database/versioned-update';
import { CategoryDto } from './dto/category.dto';

interface CategoryRow {
  id: number;
  code: string;
  name: string;
  parent_id: number | null;
  urgent_by_default: number;
  sort_order: number;
  active: number;
  version: number;
}

const toDto = (r: CategoryRow): CategoryDto => ({
  id: Number(r.id),
  code: r.code,
  name: r.name,
  parentId: r.parent_id === null ? null : Number(r.parent_id),
  urgentByDefault: Number(r.urgent_by_default) === 1,
  sortOrder: Number(r.sort_order),
  active: Number(r.active) === 1,
  version: Number(r.version),
});

/** The appeal_categories columns an edit may write (keys are the column names). */
export interface CategoryColumns {
  name: string;
  urgent_by_default: 0 | 1;
  sort_order: number;
  active: 0 | 1;
}

@Injectable()
export class CategoriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(includeInactive: boolean): Promise<CategoryDto[]> {
    const rows: CategoryRow[] = await this.db.query(
      `SELECT * FROM appeal_categories ${includeInactive ? '' : 'WHERE active = 1'} ORDER BY sort_order, id`,
    );
    return rows.map(toDto);
  }

  async findById(id: number): Promise<CategoryDto | null> {
    const rows: CategoryRow[] = await this.db.query('SELECT * FROM appeal_categories WHERE id = ?', [id]);
    return rows[0] ? toDto(rows[0]) : null;
  }

  async insert(values: { code: string; name: string; parentId: number | null; urgentByDefault: boolean; sortOrder: number }): Promise<number> {
    const result = await this.db.query(
      'INSERT INTO appeal_categories (code, name, parent_id, urgent_by_default, sort_order) VALUES (?, ?, ?, ?, ?)',
      [values.code, values.name, values.parentId, values.urgentByDefault ? 1 : 0, values.sortOrder],
    );
    return Number(result.insertId);
  }

  update(id: number, version: number, changes: ColumnChanges<CategoryColumns>): Promise<void> {
    return updateWithVersion(this.db.manager, 'appeal_categories', id, version, changes, 'Category', () => this.findById(id));
  }
}
