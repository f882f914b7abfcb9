import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';

/** Updates carry the version the client last read; a stale one is refused with 409. */
export class VersionedDto {
  @ApiProperty({ description: 'The version you read; a stale version gets 409', example: 1 })
  @IsInt()
  @Min(1)
  version: number;
}
