import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';

/** A GB/T 2260 division code: six digits (510000 province, 510100 city, 510104 county). */
export const DIVISION_CODE = /^\d{6}$/;
/** A calendar date as text, YYYY-MM-DD (a local day in Asia/Shanghai wherever it is used). */
export const ISO_DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;

/** The field holds a six-digit division code; the error names the field. */
// The OpenAPI options below carry only what the swagger plugin cannot see through a composed
// decorator (the pattern, the minimum); a field's own ApiProperty, applied after, still wins.
const divisionCodeRule = Matches(DIVISION_CODE, { message: '$property must be a 6-digit division code' });

/** A required field holding a six-digit division code; the error names the field. */
export const IsDivisionCode = (): PropertyDecorator =>
  applyDecorators(ApiProperty({ pattern: DIVISION_CODE.source }), divisionCodeRule) as PropertyDecorator;

/** The same, optional. */
export const IsOptionalDivisionCode = (): PropertyDecorator =>
  applyDecorators(ApiPropertyOptional({ pattern: DIVISION_CODE.source }), IsOptional(), divisionCodeRule) as PropertyDecorator;

/** The field holds a date as YYYY-MM-DD; the error names the field. */
export const IsDateText = (): PropertyDecorator => Matches(ISO_DATE_TEXT, { message: '$property must be a date as YYYY-MM-DD' });

/** An optional positive integer sent as text in a URL (an id to filter by, a page number). */
export const IsOptionalPositiveInt = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ minimum: 1 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
  ) as PropertyDecorator;
