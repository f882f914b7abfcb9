import { ApiProperty } from '@nestjs/swagger';
import { APPEAL_STATUSES, type AppealStatus } from '../domain/appeal-status';

/** How an appeal is named wherever a list shows one: the fields every appeal item starts with. */
export class AppealRefDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: '2026-000123' }) number: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: APPEAL_STATUSES }) status: AppealStatus;
}
