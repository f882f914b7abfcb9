import type { FastifyReply } from 'fastify';
import { attachmentDisposition, XLSX_CONTENT_TYPE } from '../../supervision/exports/xlsx-stream';

/** Answers with a workbook to download, named in ASCII for old clients and in Chinese for the rest; never cached. */
export async function sendWorkbook(reply: FastifyReply, stream: NodeJS.ReadableStream, asciiName: string, chineseName: string): Promise<void> {
  await reply
    .header('content-type', XLSX_CONTENT_TYPE)
    .header('content-disposition', attachmentDisposition(asciiName, chineseName))
    .header('cache-control', 'no-store')
    .send(stream);
}
