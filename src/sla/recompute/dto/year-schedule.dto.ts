import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';

export class NoticeHolidayDto {
  @ApiProperty({ example: '春节' }) @IsString() @Length(1, 32) name: string;
  /** First day off (YYYY-MM-DD) */
  @ApiProperty({ example: '2027-02-06' }) @IsString() @Length(10, 10) firstDay: string;
  /** Last day off (YYYY-MM-DD), inclusive */
  @ApiProperty({ example: '2027-02-14' }) @IsString() @Length(10, 10) lastDay: string;
  /** Weekend days worked in exchange (调休上班) */
  @ApiProperty({ type: [String], example: ['2027-01-31', '2027-02-20'] })
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(10, 10, { each: true })
  makeupDays: string[];
}

/** A year's holiday schedule in the shape of the State Council notice. */
export class YearScheduleDto {
  @ApiProperty({ example: 2027, type: 'integer' }) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiProperty({ type: [NoticeHolidayDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => NoticeHolidayDto)
  holidays: NoticeHolidayDto[];
  @ApiProperty({ required: false, example: '国办发明电〔2026〕X号' }) @IsOptional() @IsString() @Length(1, 255) note?: string;
}

export class ScheduleDayDto {
  @ApiProperty({ example: '2027-02-08' }) date: string;
  @ApiProperty({ enum: ['holiday', 'workday'] }) kind: 'holiday' | 'workday';
  @ApiProperty({ example: '春节' }) name: string;
}

export class DeadlineMovePreviewDto {
  @ApiProperty({ type: 'integer' }) appealId: number;
  @ApiProperty({ example: '2026-000123' }) number: string;
  @ApiProperty({ enum: ['response_due', 'objection_deadline', 'resolution_due', 'verification_due'] }) timer: string;
  @ApiProperty() from: Date;
  @ApiProperty() to: Date;
  /** Calendar days (negative: earlier) */
  @ApiProperty({ type: 'integer' }) shiftDays: number;
}

export class YearSchedulePreviewDto {
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ type: [ScheduleDayDto] }) days: ScheduleDayDto[];
  /** Days off that fall on a weekday */
  @ApiProperty({ type: 'integer' }) weekdaysOff: number;
  @ApiProperty({ type: 'integer' }) makeupDays: number;
  /** Open appeals with a provisional deadline that would move */
  @ApiProperty({ type: 'integer' }) appealsMoving: number;
  @ApiProperty({ type: 'integer' }) movingEarlier: number;
  @ApiProperty({ type: 'integer' }) movingLater: number;
  /** The first moves, by appeal id (at most 200) */
  @ApiProperty({ type: [DeadlineMovePreviewDto] }) moves: DeadlineMovePreviewDto[];
}
