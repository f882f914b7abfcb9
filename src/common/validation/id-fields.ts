import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Min } from 'class-validator';

// Ids in a JSON body arrive as numbers: unlike the query fields (query-fields.ts) nothing converts
// text. The rules are listed bottom up, as the stacks they replaced were applied, so a value
// breaking both reports them in the same order. A field's own ApiProperty, applied after, still wins.

/** A record's id in a JSON body: a positive integer. */
export const IsId = (): PropertyDecorator =>
  applyDecorators(ApiProperty({ type: 'integer', minimum: 1 }), Min(1), IsInt()) as PropertyDecorator;

/** The same, optional. */
export const IsOptionalId = (): PropertyDecorator =>
  applyDecorators(ApiPropertyOptional({ type: 'integer', minimum: 1 }), Min(1), IsInt(), IsOptional()) as PropertyDecorator;
