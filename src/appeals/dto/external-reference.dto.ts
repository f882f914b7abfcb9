import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { EXTERNAL_ID, EXTERNAL_SOURCE } from './submit-appeal.dto';

export class ExternalReferenceQuery {
  @ApiProperty({ pattern: EXTERNAL_SOURCE.source, example: '12345-sichuan' })
  @Matches(EXTERNAL_SOURCE, { message: 'source must be 2–40 lower-case letters, digits, dots, dashes or underscores' })
  source: string;

  @ApiProperty({ pattern: EXTERNAL_ID.source, example: 'GD2026030200123' })
  @Matches(EXTERNAL_ID, { message: 'externalId must be 1–100 visible ASCII characters' })
  externalId: string;
}
