import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { VersionedDto } from '../../common/dto/version.dto';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { IsDateText, IsOptionalBooleanQuery, IsOptionalDateText } from '../../common/validation/query-fields';
import { VISIT_FORMS, type VisitForm } from '../../visits/dto/visit.dto';
import { MEASURE_STATUSES, type MeasureStatus } from '../domain/group-access';
import { IsId, IsOptionalId } from '../../common/validation/id-fields';
import { PageOf } from '../../common/dto/page.dto';

export const GROUP_DUTIES = ['leader', 'deputy', 'member', 'liaison'] as const;
export type GroupDuty = (typeof GROUP_DUTIES)[number];

export class GroupMemberInputDto {
  @IsId()
  userId: number;

  /** 组长 leader (set by leaderId), 副组长 deputy, 成员 member, 联络员 liaison */
  @ApiProperty({ enum: ['deputy', 'member', 'liaison'] })
  @IsIn(['deputy', 'member', 'liaison'])
  duty: Exclude<GroupDuty, 'leader'>;
}

export class CreateGroupDto {
  @ApiProperty({ example: '省领导包联成都市工作组' })
  @IsString()
  @Length(2, 100)
  name: string;

  /** The senior leader heading the group (a user of any staff role) */
  @IsId()
  leaderId: number;

  /** The city (or cities) the group takes; a city is taken by one group only */
  @ApiProperty({ type: [String], example: ['510100'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @Matches(/^\d{4}00$/, { each: true, message: 'each city code must be a 6-digit city code ending in 00' })
  cityCodes: string[];

  @ApiProperty({ format: 'date', example: '2026-01-01' })
  @IsDateText()
  periodStart: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-12-31' })
  @IsOptionalDateText()
  periodEnd?: string;

  @ApiPropertyOptional({ type: [GroupMemberInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => GroupMemberInputDto)
  members?: GroupMemberInputDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

/**
 * Changes to a group (admins), with the version read; omitted fields stay. A new leader takes the
 * leader's duty (the former leader stays on as a member); a city is taken by one group only.
 */
export class UpdateGroupDto extends VersionedDto {
  @ApiPropertyOptional({ example: '省领导包联成都市工作组' })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  name?: string;

  @IsOptionalId()
  leaderId?: number;

  @ApiPropertyOptional({ type: [String], example: ['510100'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @Matches(/^\d{4}00$/, { each: true, message: 'each city code must be a 6-digit city code ending in 00' })
  cityCodes?: string[];

  @ApiPropertyOptional({ format: 'date', example: '2026-01-01' })
  @IsOptionalDateText()
  periodStart?: string;

  /** null: open-ended */
  @ApiPropertyOptional({ format: 'date', example: '2027-12-31', nullable: true, type: String })
  @IsOptionalDateText()
  periodEnd?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

export class UpdateGroupMembersDto extends VersionedDto {
  @ApiProperty({ type: [GroupMemberInputDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => GroupMemberInputDto)
  members: GroupMemberInputDto[];
}

export class GroupMemberDto {
  @ApiProperty({ type: 'integer' }) userId: number;
  @ApiProperty() displayName: string;
  @ApiProperty() role: string;
  @ApiProperty({ enum: GROUP_DUTIES }) duty: GroupDuty;
}

export class GroupCityDto {
  @ApiProperty({ example: '510100' }) code: string;
  @ApiProperty({ example: '成都市' }) name: string;
}

export class GroupDto {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: GroupMemberDto }) leader: GroupMemberDto;
  @ApiProperty({ type: [GroupMemberDto] }) members: GroupMemberDto[];
  @ApiProperty({ type: [GroupCityDto] }) cities: GroupCityDto[];
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) periodEnd: string | null;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  /** What the caller may do: write (members, admins) or read (supervisors covering its cities) */
  @ApiProperty({ enum: ['read', 'write'] }) access: 'read' | 'write';
  @ApiProperty({ type: 'integer' }) version: number;
}

export class LedgerQuery extends PageQueryDto {
  /** Only open appeals (true) or only finished ones (false) */
  @IsOptionalBooleanQuery()
  open?: boolean;

  /** Only entries closed off (true) or not yet (false) */
  @IsOptionalBooleanQuery()
  closedOff?: boolean;

  /** Only appeals linked to a project */
  @IsOptionalBooleanQuery()
  projectsOnly?: boolean;
}

export class LedgerEntryDto {
  @ApiProperty({ type: 'integer' }) appealId: number;
  @ApiProperty() number: string;
  @ApiProperty() title: string;
  @ApiProperty() status: string;
  @ApiProperty({ enum: ['green', 'yellow', 'red'] }) warningLight: string;
  @ApiProperty({ type: 'integer' }) enterpriseId: number;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt: Date;
  /** The project the appeal was raised for, if any (a project problem) */
  @ApiProperty({ nullable: true, type: 'integer' }) projectId: number | null;
  @ApiProperty({ nullable: true, type: String }) projectName: string | null;
  @ApiProperty({ type: 'integer' }) notes: number;
  @ApiProperty({ nullable: true, type: String }) lastNote: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedOffAt: Date | null;
}

export class LedgerPageDto extends PageOf(LedgerEntryDto) {}

export class CreateLedgerNoteDto {
  @ApiProperty({ example: '已与市经信局对接，约定本周内现场协调' })
  @IsString()
  @Length(2, 2000)
  note: string;
}

export class LedgerNoteDto {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer' }) appealId: number;
  @ApiProperty() note: string;
  @ApiProperty({ type: 'integer' }) authorId: number;
  @ApiProperty() authorName: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class CloseOffDto {
  @ApiPropertyOptional({ example: '问题已解决，企业满意，予以销号' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class CreateMeasureDto {
  @ApiProperty({ example: '协调电力公司为园区新增一回10kV线路' })
  @IsString()
  @Length(2, 200)
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  detail?: string;

  @ApiProperty({ example: '市发改委 李处长' })
  @IsString()
  @Length(1, 100)
  owner: string;

  @ApiProperty({ format: 'date' })
  @IsDateText()
  startDate: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalDateText()
  dueDate?: string;
}

export class UpdateMeasureDto extends VersionedDto {
  @ApiPropertyOptional({ enum: MEASURE_STATUSES })
  @IsOptional()
  @IsIn(MEASURE_STATUSES)
  status?: MeasureStatus;

  /** 成效佐证: required to mark it done */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  evidence?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalDateText()
  dueDate?: string;
}

export class MeasureDto {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer' }) groupId: number;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) detail: string | null;
  @ApiProperty() owner: string;
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) dueDate: string | null;
  @ApiProperty({ enum: MEASURE_STATUSES }) status: MeasureStatus;
  @ApiProperty({ nullable: true, type: String }) evidence: string | null;
  /** Past its due date and neither done nor cancelled */
  @ApiProperty() overdue: boolean;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class CreateGroupVisitDto {
  /** A firm in the group's cities (optional) */
  @IsOptionalId()
  enterpriseId?: number;

  /** A project in the group's cities (optional) */
  @IsOptionalId()
  projectId?: number;

  @ApiProperty({ format: 'date', example: '2026-11-20' })
  @IsDateText()
  visitDate: string;

  @ApiProperty({ enum: VISIT_FORMS })
  @IsIn(VISIT_FORMS)
  form: VisitForm;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  participants?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string;

  @ApiProperty()
  @IsBoolean()
  problemsFound: boolean;
}

export class GroupVisitDto {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer' }) groupId: number;
  @ApiProperty({ nullable: true, type: 'integer' }) enterpriseId: number | null;
  @ApiProperty({ nullable: true, type: String }) enterpriseName: string | null;
  @ApiProperty({ nullable: true, type: 'integer' }) projectId: number | null;
  @ApiProperty({ nullable: true, type: String }) projectName: string | null;
  @ApiProperty({ format: 'date' }) visitDate: string;
  @ApiProperty({ enum: VISIT_FORMS }) form: VisitForm;
  @ApiProperty({ nullable: true, type: String }) participants: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty() problemsFound: boolean;
  @ApiProperty({ type: 'integer' }) createdBy: number;
  @ApiProperty() createdByName: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class WorkingGroupFiguresDto {
  @ApiProperty({ type: 'integer' }) groupId: number;
  @ApiProperty() name: string;
  @ApiProperty() leaderName: string;
  @ApiProperty({ type: [GroupCityDto] }) cities: GroupCityDto[];
  @ApiProperty({ type: 'integer' }) openAppeals: number;
  @ApiProperty({ type: 'integer' }) overdueAppeals: number;
  @ApiProperty({ type: 'integer' }) closedAppeals: number;
  /** 已销号 */
  @ApiProperty({ type: 'integer' }) closedOff: number;
  /** Closed appeals not yet closed off by the group */
  @ApiProperty({ type: 'integer' }) awaitingCloseOff: number;
  @ApiProperty({ type: 'integer' }) projects: number;
  @ApiProperty({ type: 'integer' }) projectsWithOverdueMilestones: number;
  @ApiProperty({ type: 'integer' }) measures: number;
  @ApiProperty({ type: 'integer' }) measuresDone: number;
  @ApiProperty({ type: 'integer' }) measuresOverdue: number;
  @ApiProperty({ type: 'integer' }) visits: number;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) lastVisit: string | null;
}
