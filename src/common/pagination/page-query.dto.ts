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

/** A repository's `[rows, total]` as the page the query asked for, each row mapped when the DTO differs. */
export async function pageFrom<Row, Item = Row>(
  result: Promise<[Row[], number]>,
  query: PageQueryDto,
  map?: (row: Row) => Item,
): Promise<Page<Item>> {
  const [rows, total] = await result;
  return pageOf(map ? rows.map(map) : (rows as unknown as Item[]), total, query);
}
