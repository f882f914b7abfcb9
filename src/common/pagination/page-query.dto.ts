import { ApiPropertyOptional } from '@nestjs/swagger';

import { Max } from 'class-validator';
import { IsOptionalPositiveInt } from '../validation/query-fields';

/** Far beyond any list's last page, and small enough that page × pageSize stays a sane SQL OFFSET. */
export const MAX_PAGE = 100_000;

export class PageQueryDto {
  /** 1-based page number */
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: MAX_PAGE })
  @IsOptionalPositiveInt()
  @Max(MAX_PAGE)
  page = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 200 })
  @IsOptionalPositiveInt()
  @Max(200)
  pageSize = 20;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function pageOf<T>(items: T[], total: number, query: PageQueryDto): Page<T> {
  return { items, total, page: query.page, pageSize: query.pageSize };
}
