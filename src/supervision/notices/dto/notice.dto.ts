import { ApiProperty } from '@nestjs/swagger';

export class NoticeDto {
  @ApiProperty() reportId: number;
  @ApiProperty({ example: '巴中企援督〔2026〕3号', description: '文号: per issuing region and year, allocated when the notice is first generated' })
  number: string;
  @ApiProperty({ example: '关于2026年2月“一企一专员”诉求办理情况的通报' }) title: string;
  @ApiProperty({ example: '巴中市2026年2月考核通报（巴中企援督〔2026〕3号）.docx' }) filename: string;
  @ApiProperty({ enum: ['unpublished', 'published'] }) status: 'unpublished' | 'published';
  @ApiProperty({ description: "SHA-256 of the document (the stored one once published; the same report gives the same document)" })
  documentSha256: string;
  @ApiProperty({ description: 'Size of the document in bytes' }) size: number;
  @ApiProperty({ nullable: true, type: Date }) publishedAt: Date | null;
  @ApiProperty({ nullable: true, type: Number }) publishedBy: number | null;
  @ApiProperty({ nullable: true, type: String }) publishedByName: string | null;
}
