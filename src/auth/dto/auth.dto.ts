import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { ROLES, REGION_LEVELS, type RegionLevel, type Role } from '../../common/auth/role';

export class LoginDto {
  @ApiProperty({ example: 'officer' })
  @IsString()
  @Length(1, 64)
  username: string;

  @ApiProperty({ example: 'Qiyuan2026!' })
  @IsString()
  @Length(1, 128)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from login or the previous refresh' })
  @IsString()
  @Length(10, 200)
  refreshToken: string;
}

export class TokensDto {
  @ApiProperty({ description: 'JWT for the Authorization: Bearer header' }) accessToken: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ description: 'One-time token to get the next pair; rotates on every use' }) refreshToken: string;
  @ApiProperty() refreshExpiresAt: Date;
  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' }) tokenType: string;
}

/** Present when the caller is a machine client (OAuth client credentials) */
export class MeClientDto {
  @ApiProperty() id: number;
  @ApiProperty() clientId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'The reference namespace of the appeals it submits' }) source: string;
  @ApiProperty({ type: [String], description: 'The scopes this token holds' }) scopes: string[];
}

export class MeDto {
  @ApiProperty() id: number;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ enum: REGION_LEVELS }) regionLevel: RegionLevel;
  @ApiProperty({ nullable: true, type: Number }) departmentId: number | null;
  @ApiProperty({ nullable: true, type: Number }) enterpriseId: number | null;
  @ApiProperty() isDepartmentHead: boolean;
  @ApiProperty({ description: "Code prefix of the regions you reach ('' = all)" }) reachPrefix: string;
  @ApiPropertyOptional({ type: MeClientDto }) client?: MeClientDto;
}
