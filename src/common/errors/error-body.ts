import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'name' }) field: string;
  @ApiProperty({ example: 'name must be a string' }) message: string;
  @ApiPropertyOptional({ description: 'Row number in an imported file' }) row?: number;
}

/** The body of every error response. */
export class ErrorBody {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code' }) code: string;
  @ApiProperty({ example: 'The request is invalid' }) message: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) details?: FieldErrorDto[];
  @ApiPropertyOptional({ description: 'Only on 5xx: quote it to support; it is in the server log' }) errorId?: string;
  @ApiPropertyOptional() requestId?: string;
  @ApiPropertyOptional({ description: 'Extra context, e.g. the current state on a conflict', type: Object })
  context?: Record<string, unknown>;
}
