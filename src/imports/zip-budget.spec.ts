import { deflateRawSync } from 'node:zlib';
import { zipOf } from '../../test/helpers/zip-archive';
import { checkZipInflation } from './zip-budget';

const MiB = 1024 * 1024;

describe('checkZipInflation', () => {
  it('measures an honest archive', async () => {
    const text = Buffer.from('<sheetData><row r="1"/></sheetData>'.repeat(100));
    const zip = zipOf([
      { name: 'xl/worksheets/sheet1.xml', data: deflateRawSync(text), method: 8, declaredSize: text.length },
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>'), method: 0, declaredSize: 8 },
    ]);
    await expect(checkZipInflation(zip, MiB)).resolves.toEqual({ ok: true, inflatedBytes: text.length + 8 });
  });

  it('stops a bomb that lies about its size at the budget, without inflating it all', async () => {
    // 32 MiB of zeros deflate to about 32 KB; the entry claims 1 KB.
    const bomb = deflateRawSync(Buffer.alloc(32 * MiB));
    expect(bomb.length).toBeLessThan(50_000);
    const zip = zipOf([{ name: 'xl/worksheets/sheet1.xml', data: bomb, method: 8, declaredSize: 1024 }]);
    const verdict = await checkZipInflation(zip, 4 * MiB);
    expect(verdict).toMatchObject({ ok: false, reason: 'too-large', message: `it inflates to more than ${4 * MiB} bytes` });
    // Inflating stopped within one chunk of the budget, not after 32 MiB.
    const inflated = (verdict as { inflatedBytes: number }).inflatedBytes;
    expect(inflated).toBeGreaterThan(4 * MiB);
    expect(inflated).toBeLessThan(4 * MiB + 256 * 1024);
  });

  it('adds up the entries against one budget', async () => {
    const part = deflateRawSync(Buffer.alloc(3 * MiB));
    const zip = zipOf([
      { name: 'a.xml', data: part, method: 8, declaredSize: 3 * MiB },
      { name: 'b.xml', data: part, method: 8, declaredSize: 3 * MiB },
    ]);
    await expect(checkZipInflation(zip, 5 * MiB)).resolves.toMatchObject({ ok: false, reason: 'too-large' });
    await expect(checkZipInflation(zip, 7 * MiB)).resolves.toEqual({ ok: true, inflatedBytes: 6 * MiB });
  });

  it('refuses what is not a ZIP, a broken entry and unknown compression', async () => {
    await expect(checkZipInflation(Buffer.from('PK\u0003\u0004 not really'), MiB)).resolves.toMatchObject({ ok: false, reason: 'malformed' });
    const broken = zipOf([{ name: 'a.xml', data: Buffer.from('not deflate data at all'), method: 8, declaredSize: 10 }]);
    await expect(checkZipInflation(broken, MiB)).resolves.toMatchObject({ ok: false, reason: 'malformed' });
    const lzma = zipOf([{ name: 'a.xml', data: Buffer.from('x'), method: 0, declaredSize: 1 }]);
    lzma.writeUInt16LE(14, lzma.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10);
    await expect(checkZipInflation(lzma, MiB)).resolves.toMatchObject({ ok: false, reason: 'unsupported' });
  });
});
