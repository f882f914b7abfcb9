import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/**
 * The body of a list answer, one page of `item`: `{ items, total, page, pageSize }`. Each list
 * names its own schema by extending it (`class PolicyPageDto extends PageOf(PolicyDto) {}`).
 */
export function PageOf<T>(item: Type<T>) {
  class PageOfItems {
    @ApiProperty({ type: [item] }) items: T[];
    @ApiProperty({ type: 'integer' }) total: number;
    @ApiProperty({ type: 'integer' }) page: number;
    @ApiProperty({ type: 'integer' }) pageSize: number;
  }
  return PageOfItems;
}
