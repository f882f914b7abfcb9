import { createInflateRaw } from 'node:zlib';

/**
 * How much a ZIP (an XLSX is one) inflates to, found before any library unpacks it: the central
 * directory is read, and every entry is inflated as a stream whose bytes are counted and thrown
 * away, stopping the moment the budget is spent. A 300 KB workbook that would inflate to 300 MB
 * therefore costs at most the budget in CPU and one chunk in memory — never the 300 MB.
 * The sizes the archive declares are not trusted: a bomb can declare anything.
 */
export type ZipVerdict =
  | { ok: true; inflatedBytes: number }
  | { ok: false; reason: 'too-large'; message: string; inflatedBytes: number }
  | { ok: false; reason: 'malformed' | 'unsupported'; message: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_ENTRIES = 10_000;

export async function checkZipInflation(zip: Buffer, budgetBytes: number): Promise<ZipVerdict> {
  const end = findEndOfCentralDirectory(zip);
  if (end < 0) return malformed('no ZIP directory found');
  const entries = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  if (entries === 0xffff || offset === 0xffffffff) return { ok: false, reason: 'unsupported', message: 'ZIP64 archives are not accepted' };
  if (entries > MAX_ENTRIES) return tooLarge(`the archive holds ${entries} files; at most ${MAX_ENTRIES}`);
  let spent = 0;
  for (let i = 0; i < entries; i += 1) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== CENTRAL) return malformed('broken ZIP directory');
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    offset += 46 + nameLength + extraLength + commentLength;

    if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== LOCAL) return malformed('broken ZIP entry');
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > zip.length) return malformed('a ZIP entry runs past the end of the file');
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    if (method === 0) {
      spent += data.length;
    } else if (method === 8) {
      const inflated = await inflatedLength(data, budgetBytes - spent);
      if (inflated === 'error') return malformed('a ZIP entry is not valid deflate data');
      spent += inflated.bytes;
      if (inflated.stopped) return tooLarge(`it inflates to more than ${budgetBytes} bytes`, spent);
    } else {
      return { ok: false, reason: 'unsupported', message: `ZIP compression method ${method} is not accepted` };
    }
    if (spent > budgetBytes) return tooLarge(`it inflates to more than ${budgetBytes} bytes`, spent);
  }
  return { ok: true, inflatedBytes: spent };
}

/** Bytes the deflate data inflates to; `stopped` once that passed `budget` (the rest is never inflated). */
function inflatedLength(data: Buffer, budget: number): Promise<{ bytes: number; stopped: boolean } | 'error'> {
  return new Promise((resolve) => {
    const inflate = createInflateRaw();
    let total = 0;
    let settled = false;
    const settle = (value: { bytes: number; stopped: boolean } | 'error') => {
      if (settled) return;
      settled = true;
      inflate.removeAllListeners('data');
      inflate.destroy();
      resolve(value);
    };
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > budget) settle({ bytes: total, stopped: true });
    });
    inflate.on('end', () => settle({ bytes: total, stopped: false }));
    inflate.on('error', () => settle('error'));
    inflate.end(data);
  });
}

function findEndOfCentralDirectory(zip: Buffer): number {
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= lowest; i -= 1) if (zip.readUInt32LE(i) === EOCD) return i;
  return -1;
}

const malformed = (message: string): ZipVerdict => ({ ok: false, reason: 'malformed', message });
const tooLarge = (message: string, inflatedBytes = 0): ZipVerdict => ({ ok: false, reason: 'too-large', message, inflatedBytes });
