import { ApiProperty } from '@nestjs/swagger';

/** A file kept as a project's evidence (e.g. a land certificate or construction permit scan). */
export class ProjectAttachmentDto {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer' }) projectId: number;
  @ApiProperty({ example: '施工许可证.pdf' }) fileName: string;
  @ApiProperty({ example: 'application/pdf' }) contentType: string;
  @ApiProperty({ type: 'integer' }) sizeBytes: number;
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }) sha256: string;
  @ApiProperty({ type: 'integer' }) uploadedBy: number;
  @ApiProperty() uploadedByName: string;
  /** The stage whose change cites this file as evidence; null until a stage change does */
  @ApiProperty({ nullable: true, type: String, example: 'started' }) stageCode: string | null;
  /** The project event (seq) of that stage change */
  @ApiProperty({ nullable: true, type: 'integer' }) stageEventSeq: number | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}
