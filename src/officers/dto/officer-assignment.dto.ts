import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { IsId } from '../../common/validation/id-fields';

export class AssignOfficerDto {
  /** A user with role officer, active, whose region covers the firm's region */
  @ApiProperty({ example: 12 })
  @IsId()
  officerId: number;

  /** Why, for the assignment history */
  @ApiProperty({ example: '原专员调岗' })
  @IsString()
  @Length(2, 500)
  reason: string;

  /** The enterprise version you read; when sent, a change by someone else in between gets 409 */
  @ApiPropertyOptional({ example: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class HandoverDto {
  /** Officers who take over; the firms are dealt in turn to those whose region covers each firm */
  @ApiProperty({ type: [Number], example: [12, 13] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  successors: number[];

  @ApiProperty({ example: '专员离职，名下企业移交' })
  @IsString()
  @Length(2, 500)
  reason: string;
}

export class UserRefDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: '锦江区专员' }) displayName: string;
}

export class AssignedOfficerDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'officer' }) username: string;
  @ApiProperty({ example: '锦江区专员' }) displayName: string;
  @ApiProperty({ example: '510104' }) regionCode: string;
}

export class OfficerAssignmentDto {
  @ApiProperty() id: number;
  @ApiProperty() enterpriseId: number;
  @ApiProperty({ type: AssignedOfficerDto }) officer: AssignedOfficerDto;
  @ApiProperty() startedAt: Date;
  /** null while the assignment is the current one */
  @ApiProperty({ nullable: true, type: Date }) endedAt: Date | null;
  @ApiProperty({ type: UserRefDto }) assignedBy: UserRefDto;
  @ApiProperty() reason: string;
  @ApiProperty({ nullable: true, type: UserRefDto }) endedBy: UserRefDto | null;
  @ApiProperty({ nullable: true, type: String }) endReason: string | null;
}

export class AssignmentResultDto {
  @ApiProperty() enterpriseId: number;
  /** The enterprise's version after the change; send it with the next change */
  @ApiProperty() enterpriseVersion: number;
  /** false when the officer was already the current one (nothing was written) */
  @ApiProperty() changed: boolean;
  @ApiProperty({ type: OfficerAssignmentDto }) current: OfficerAssignmentDto;
  @ApiProperty({ nullable: true, type: OfficerAssignmentDto }) previous: OfficerAssignmentDto | null;
}

export class HandoverShareDto {
  @ApiProperty() officerId: number;
  @ApiProperty({ description: 'Firms this successor received' }) firms: number;
}

export class HandoverResultDto {
  /** The leaving officer */
  @ApiProperty() officerId: number;
  @ApiProperty({ description: 'Firms handed over' }) moved: number;
  @ApiProperty({ type: [HandoverShareDto] }) received: HandoverShareDto[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object', properties: { enterpriseId: { type: 'number' }, toOfficerId: { type: 'number' } } },
  })
  moves: Array<{ enterpriseId: number; toOfficerId: number }>;
}
