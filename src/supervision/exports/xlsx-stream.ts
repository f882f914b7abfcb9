import { StreamableFile, type Logger } from '@nestjs/common';
import * as ExcelJS from 'exceljs';
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** attachment; filename="ascii.xlsx"; filename*=UTF-8''中文.xlsx — both, for old and new clients. */
export function attachmentDisposition(asciiName: string, chineseName: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(chineseName)}`;
}

/** An API response that downloads the workbook under both file names (see attachmentDisposition). */
export function xlsxDownload(stream: Readable, asciiName: string, chineseName: string): StreamableFile {
  return new StreamableFile(stream, { type: XLSX_CONTENT_TYPE, disposition: attachmentDisposition(asciiName, chineseName) });
}

/**
 * A workbook written straight into the HTTP response: rows are committed as they are produced
 * and the writer waits whenever the client reads slower than the database delivers, so memory
 * stays at about one batch however long the export is.
 */
export class XlsxStream {
  readonly output = new PassThrough();
  readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;

  constructor() {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: this.output, useStyles: true, useSharedStrings: false });
  }

  /** Call between batches: resolves once the client has caught up. */
  async backpressure(): Promise<void> {
    if (this.output.writableNeedDrain) await once(this.output, 'drain');
  }

  /**
   * Runs the writer in the background (the response is already streaming) and ends the
   * response with an error if it fails half-way: the client sees a broken download, never a
   * silently truncated ledger.
   */
  run(write: (stream: XlsxStream) => Promise<void>, onError: (error: unknown) => void): Readable {
    void (async () => {
      try {
        await write(this);
        await this.workbook.commit();
      } catch (error) {
        onError(error);
        this.output.destroy(error instanceof Error ? error : new Error(String(error)));
      }
    })();
    return this.output;
  }
}

/** One column of an exported sheet: the heading offices know it by, the row key, the width in characters. */
export interface SheetColumn {
  readonly header: string;
  readonly key: string;
  readonly width: number;
}

/**
 * Streams a workbook into the response; a failure half-way is logged as "<what> export failed"
 * (the client sees the broken download, see XlsxStream.run).
 */
export function streamWorkbook(logger: Logger, what: string, write: (xlsx: XlsxStream) => Promise<void>): Readable {
  return new XlsxStream().run(write, (error) =>
    logger.error({ msg: `${what} export failed`, err: error }, error instanceof Error ? error.stack : undefined),
  );
}

/**
 * A sheet in the ledger's style, which every export shares: the Chinese headings in a bold row
 * that stays in view while scrolling (frozen), and the columns' keys for `addRow({ key: value })`.
 */
export function addHeadedSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: readonly SheetColumn[],
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return sheet;
}

/** Asia/Shanghai wall-clock time, as offices read it: 2026-03-02 09:00. */
export function shanghaiDateTime(instant: Date | null): string {
  if (!instant) return '';
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
