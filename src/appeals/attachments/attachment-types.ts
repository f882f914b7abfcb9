/**
 * What may be attached: documents and images government offices exchange. The extension picks the
 * type and the first bytes must agree, so a renamed executable is refused.
 */
const TYPES: Record<string, { contentType: string; magic?: number[] }> = {
  pdf: { contentType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  png: { contentType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  jpg: { contentType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  jpeg: { contentType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: [0x50, 0x4b] },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: [0x50, 0x4b] },
  doc: { contentType: 'application/msword', magic: [0xd0, 0xcf, 0x11, 0xe0] },
  xls: { contentType: 'application/vnd.ms-excel', magic: [0xd0, 0xcf, 0x11, 0xe0] },
  zip: { contentType: 'application/zip', magic: [0x50, 0x4b] },
  txt: { contentType: 'text/plain; charset=utf-8' },
};

export const ALLOWED_EXTENSIONS = Object.keys(TYPES);

export function attachmentType(fileName: string, head: Buffer): { contentType: string } | { error: string } {
  const extension = fileName.toLowerCase().split('.').pop() ?? '';
  const type = TYPES[extension];
  if (!type) return { error: `Files of type .${extension} are not accepted; allowed: ${ALLOWED_EXTENSIONS.join(', ')}` };
  if (type.magic && !type.magic.every((byte, i) => head[i] === byte)) {
    return { error: `The file does not look like a .${extension} file` };
  }
  return { contentType: type.contentType };
}
