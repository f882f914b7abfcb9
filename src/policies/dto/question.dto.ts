import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Min } from 'class-validator';

export class AskPolicyQuestionDto {
  /** Required when an officer asks on a firm's behalf; a firm's user always asks for their own firm */
  @ApiPropertyOptional({ type: 'integer', minimum: 1 }) @IsOptional() @IsInt() @Min(1)
  enterpriseId?: number;

  /** A short subject; defaults to the policy's title */
  @ApiPropertyOptional({ example: '申报材料需要哪些' }) @IsOptional() @IsString() @Length(2, 150)
  title?: string;

  @ApiProperty({ example: '我公司去年认定为专精特新企业，请问一次性奖励如何申报、需要哪些材料？' }) @IsString() @Length(10, 5000)
  question: string;
}
