import { ApiProperty } from '@nestjs/swagger';
import { IsDefined } from 'class-validator';
import { VersionedDto } from '../../common/dto/version.dto';
import { SETTING_KEYS } from '../setting-definitions';

/** A setting's value: a share (number), a switch (boolean), working hours (intervals), or named numbers and words (weights, ladder steps, cadences). */
const SETTING_VALUE = {
  oneOf: [
    { type: 'number', format: 'double' },
    { type: 'boolean' },
    {
      type: 'array',
      items: {
        type: 'object',
        properties: { start: { type: 'string', example: '09:00' }, end: { type: 'string', example: '12:00' } },
        required: ['start', 'end'],
      },
    },
    { type: 'object', additionalProperties: { anyOf: [{ type: 'number', format: 'double' }, { type: 'string' }, { type: 'boolean' }] } },
  ],
};

export class SettingDto {
  @ApiProperty({ enum: SETTING_KEYS, example: 'sla.yellow_share' }) key: string;
  @ApiProperty({ description: 'The value; its shape depends on the key (see description)', example: 0.7, ...SETTING_VALUE }) value: unknown;
  @ApiProperty({ example: 'Share of the allowed time used at which the warning light turns yellow' }) description: string;
  @ApiProperty({ description: 'Send it back with a change; a stale version gets 409', example: 1 }) version: number;
  @ApiProperty({ nullable: true, type: Number }) updatedBy: number | null;
  @ApiProperty({ nullable: true, type: Date }) updatedAt: Date | null;
}

export class UpdateSettingDto extends VersionedDto {
  /** The new value, validated against the key's rules (e.g. working hours as ordered HH:MM intervals) */
  @ApiProperty({ example: 0.75, ...SETTING_VALUE })
  @IsDefined()
  value: unknown;
}
