import { Injectable } from '@nestjs/common';
import { translatingWrites } from '../common/database/unit-of-work';
import { AppError } from '../common/errors/app-error';
import { CategoriesRepository, type CategoryColumns } from './categories.repository';
import type { ColumnChanges } from '../common/database/versioned-update';
import { CategoryDto, CreateCategoryDto, UpdateCategoryDto } from './dto/category.dto';
import { requireFound } from '../common/errors/require-found';

@Injectable()
export class CategoriesService {
  constructor(private readonly categories: CategoriesRepository) {}

  list(includeInactive = false): Promise<CategoryDto[]> {
    return this.categories.list(includeInactive);
  }

  async get(id: number): Promise<CategoryDto> {
    return requireFound(this.categories.findById(id), 'Category', id);
  }

  /** A category id sent by a client: unknown or retired ones are bad input (400). */
  async requireActive(id: number, field = 'categoryId'): Promise<CategoryDto> {
    const category = await this.categories.findById(id);
    if (!category || !category.active) throw AppError.badRequest(`Unknown category ${id}`, [{ field, message: 'unknown or inactive category' }]);
    return category;
  }

  async create(dto: CreateCategoryDto): Promise<CategoryDto> {
    if (dto.parentId) {
      const parent = await this.requireActive(dto.parentId, 'parentId');
      if (parent.parentId) throw AppError.badRequest('Categories nest one level deep', [{ field: 'parentId', message: 'parent is itself a subcategory' }]);
    }
    return translatingWrites(
      async () => {
        const id = await this.categories.insert({
          code: dto.code,
          name: dto.name,
          parentId: dto.parentId ?? null,
          urgentByDefault: dto.urgentByDefault ?? false,
          sortOrder: dto.sortOrder ?? 1000,
        });
        return this.get(id);
      },
      { duplicate: () => AppError.conflict(`A category with code ${dto.code} exists`) },
    );
  }

  async update(id: number, dto: UpdateCategoryDto): Promise<CategoryDto> {
    await this.get(id);
    const changes: ColumnChanges<CategoryColumns> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.urgentByDefault !== undefined) changes.urgent_by_default = dto.urgentByDefault ? 1 : 0;
    if (dto.sortOrder !== undefined) changes.sort_order = dto.sortOrder;
    if (dto.active !== undefined) changes.active = dto.active ? 1 : 0;
    await this.categories.update(id, dto.version, changes);
    return this.get(id);
  }
}
