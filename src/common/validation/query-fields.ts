import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Min, ValidateBy } from 'class-validator';
import { BooleanQuery } from '../query/boolean-query';

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

/** YYYY-MM-DD naming a day that exists (2026-02-30 does not, nor does month 13). */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string' || !ISO_DATE_TEXT.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The field holds a real calendar date as YYYY-MM-DD; the error names the field. */
export const IsDateText = (): PropertyDecorator =>
  ValidateBy({
    name: 'isDateText',
    validator: { validate: isCalendarDate, defaultMessage: () => '$property must be a calendar date as YYYY-MM-DD' },
  });

/** The same, optional. */
export const IsOptionalDateText = (): PropertyDecorator =>
  applyDecorators(IsDateText(), IsOptional()) as PropertyDecorator;

/** An optional true/false flag sent as text in a URL (true, false, 1 or 0; anything else is refused). */
export const IsOptionalBooleanQuery = (): PropertyDecorator =>
  applyDecorators(ApiPropertyOptional(), IsBoolean(), BooleanQuery(), IsOptional()) as PropertyDecorator;

/** An optional positive integer sent as text in a URL (an id to filter by, a page number). */
export const IsOptionalPositiveInt = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: 1 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
  ) as PropertyDecorator;

/**
 * An optional period key as text, read with the period kind beside it: 2026-03 (month), 2026-02-X3
 * (下旬 of February), 2026-W10, 2026-Q1, 2026. What a key means is checked where the period is
 * resolved; here only its length.
 */
export const IsOptionalPeriodKey = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ example: '2026-03', minLength: 4, maxLength: 32 }),
    // Listed bottom up, as the stacks it replaced were applied: a key breaking both rules reports them in that order.
    Length(4, 32),
    IsString(),
    IsOptional(),
  ) as PropertyDecorator;
