import * as ExcelJS from 'exceljs';
import type { Test } from 'supertest';

/** supertest buffers a binary body only when told how. */
function asBuffer(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** Downloads an XLSX (expecting 200) and returns one sheet's rows as cell values, the header row first. */
export async function downloadSheet(request: Test, sheetName: string): Promise<unknown[][]> {
  const response = await request
    .buffer(true)
    .parse(asBuffer as unknown as Parameters<Test['parse']>[0])
    .expect(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.body as ArrayBuffer);
  const sheet = workbook.getWorksheet(sheetName);
  if (!sheet) throw new Error(`the workbook has no sheet ${sheetName}`);
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}
