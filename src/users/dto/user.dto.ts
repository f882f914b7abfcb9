import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

import { ROLES, type Role } from '../../common/auth/role';
import { VersionedDto } from '../../common/dto/version.dto';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { IsDivisionCode, IsOptionalBooleanQuery, IsOptionalDivisionCode, IsOptionalPositiveInt } from '../../common/validation/query-fields';
import { IsOptionalId } from '../../common/validation/id-fields';

export class UserDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'cd_officer' }) username: string;
  @ApiProperty({ example: '张专员' }) displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ example: '510100' }) regionCode: string;
  @ApiProperty({ nullable: true, type: Number }) departmentId: number | null;
  @ApiProperty({ nullable: true, type: Number }) enterpriseId: number | null;
  @ApiProperty() isDepartmentHead: boolean;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty() version: number;
}

const PASSWORD_RULE = /^(?=.*[A-Za-z])(?=.*\d).{10,128}$/;
const PASSWORD_MESSAGE = 'password must be 10–128 characters with at least one letter and one digit';

export class CreateUserDto {
  @ApiProperty({ example: 'cd_officer_01' })
  @Matches(/^[a-z0-9_.-]{3,64}$/, { message: 'username must be 3–64 characters of a-z, 0-9, _ . -' })
  username: string;

  @ApiProperty({ example: 'Qiyuan2026!' })
  @Matches(PASSWORD_RULE, { message: PASSWORD_MESSAGE })
  password: string;

  @ApiProperty({ example: '张专员' })
  @IsString()
  @Length(1, 64)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ example: '510100' })
  @IsDivisionCode()
  regionCode: string;

  /** Required for handlers */
  @IsOptionalId()
  departmentId?: number;

  /** Required for enterprise users */
  @IsOptionalId()
  enterpriseId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isDepartmentHead?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9+\- ]{5,32}$/, { message: 'phone must be digits, spaces, + or -' })
  phone?: string;
}

export class UpdateUserDto extends VersionedDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  displayName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @IsOptionalDivisionCode()
  regionCode?: string;

  @IsOptionalId()
  departmentId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isDepartmentHead?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9+\- ]{5,32}$/, { message: 'phone must be digits, spaces, + or -' })
  phone?: string;

  /** Sets a new password and signs the user out everywhere */
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(PASSWORD_RULE, { message: PASSWORD_MESSAGE })
  password?: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, 128)
  currentPassword: string;

  @ApiProperty()
  @Matches(PASSWORD_RULE, { message: PASSWORD_MESSAGE })
  newPassword: string;
}

export class ListUsersQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  /** Users in this region and below */
  @IsOptionalDivisionCode()
  regionCode?: string;

  @IsOptionalPositiveInt()
  departmentId?: number;

  @IsOptionalBooleanQuery()
  active?: boolean;

  /** Search in username and display name */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 50)
  q?: string;
}
