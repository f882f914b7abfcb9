import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { AppealRefDto } from '../../appeals/dto/appeal-ref.dto';

/** The appeal about to be submitted, as the submission form has it. */
export class LikelyDuplicatesQueryDto {
  /** Required for an officer (the firm submitted for); an enterprise user always asks about its own firm */
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1)
  enterpriseId?: number;

  @ApiProperty({ example: '园区10kV线路频繁停电影响生产' }) @IsString() @Length(1, 200)
  title: string;

  @ApiProperty({ example: '近两周每天停电2-3次，每次约半小时，导致生产线停工。' }) @IsString() @Length(0, 5000)
  description: string;
}

export class LikelyDuplicateDto extends AppealRefDto {
  @ApiProperty() submittedAt: Date;
  @ApiProperty({ type: 'number', format: 'double', minimum: 0, maximum: 1, description: 'Mean of the cosine on word counts and Dice on word sets of title and description' })
  similarity: number;
}

export class LikelyDuplicatesDto {
  @ApiProperty({ type: [LikelyDuplicateDto], description: 'Most similar first; at most 5' }) items: LikelyDuplicateDto[];
}
