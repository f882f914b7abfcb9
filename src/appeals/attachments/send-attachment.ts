import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** A stored file opened for reading, after the caller's right to it was checked. */
export interface OpenedAttachment {
  stream: Readable;
  fileName: string;
  contentType: string;
  size: number;
}

/**
 * Sends a stored file as a download, the same for appeal and project attachments, API and console:
 * always `attachment` (never rendered inline, so an uploaded HTML or SVG cannot run in our origin),
 * the original Chinese name per RFC 6266/5987, no sniffing, and no caching of what only the
 * signed-in reader may see.
 */
export async function sendAttachment(reply: FastifyReply, file: OpenedAttachment): Promise<void> {
  await reply
    .header('Content-Type', file.contentType)
    .header('Content-Length', String(file.size))
    .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', 'private, no-store')
    .send(file.stream);
}
