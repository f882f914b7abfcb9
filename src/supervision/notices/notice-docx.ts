import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { unzipSync, zipSync } from 'fflate';
import type { NoticeContent, NoticeListRow, NoticeRankingSection } from './notice-content';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** 公文 typography: 小标宋 二号 title, 仿宋 三号 body, 黑体 first-level headings (sizes in half-points). */
const TITLE_FONT = '方正小标宋简体';
const BODY_FONT = '仿宋_GB2312';
const HEADING_FONT = '黑体';
const TITLE_SIZE = 44;
const BODY_SIZE = 32;
const TABLE_SIZE = 21;
const RED = 'C00000';

/**
 * The notice as a .docx, byte for byte the same for the same content and moment: the core
 * properties' created/modified and every zip entry's date are `at` (the report's freeze), never
 * the clock, and the package is zipped again in the order docx wrote it (docx itself stamps the
 * time of packing in both places).
 */
export async function renderNoticeDocx(content: NoticeContent, at: Date): Promise<Buffer> {
  const document = new Document({
    creator: content.issuer,
    lastModifiedBy: content.issuer,
    title: content.title,
    subject: content.number,
    revision: 1,
    styles: { default: { document: { run: { font: BODY_FONT, size: BODY_SIZE } } } },
    sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, children: body(content) }],
  });
  const packed = await Packer.toBuffer(document);
  return fixedPackage(new Uint8Array(packed), at);
}

function body(c: NoticeContent): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: c.issuer, font: TITLE_FONT, size: 52, color: RED, bold: true })],
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240 }, children: [new TextRun({ text: c.number })] }),
    new Paragraph({
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 1 } },
      children: [],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 480, after: 480 },
      children: [new TextRun({ text: c.title, font: TITLE_FONT, size: TITLE_SIZE })],
    }),
    plain(c.addressee, false),
    plain(c.intro),
    heading('一、总体情况'),
    ...c.overview.map((line) => plain(line)),
    heading('二、红榜和黑榜'),
  ];
  c.rankings.forEach((section, i) => out.push(...rankingBlock(section, i)));
  out.push(heading('三、超期和督办情况'), ...c.overdue.map((line) => plain(line)), plain(c.orders.summary));
  if (c.orders.rows.length > 0) {
    out.push(
      table(
        ['诉求编号', '诉求事项', '承办单位', '督办方式', '期末状态'],
        c.orders.rows.map((r) => [r.appealNumber, r.title, r.department, r.source, r.state]),
        [18, 34, 20, 16, 12],
      ),
    );
  }
  out.push(heading('四、共性问题'));
  if (c.problems.named.length > 0) out.push(plain('已列为共性问题、明确牵头部门的：'), ...c.problems.named.map((row) => plain(row)));
  out.push(plain(c.problems.summary), ...c.problems.rows.map((row) => plain(row)));
  out.push(heading('五、工作要求'), ...c.requirements.map((line, i) => plain(`${i + 1}.${line}`)));
  out.push(
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 720 }, children: [new TextRun({ text: c.issuer })] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: c.date })] }),
    new Paragraph({ spacing: { before: 480 }, children: [new TextRun({ text: c.footnote, size: TABLE_SIZE })] }),
  );
  return out;
}

const ORDINALS = ['一', '二', '三', '四'];

function rankingBlock(section: NoticeRankingSection, index: number): Array<Paragraph | Table> {
  const ordinal = ORDINALS[index] ?? String(index + 1);
  const compared = section.comparedWithPrevious ? '' : '（上期无冻结报表，未比较率的变化）';
  const list = (name: string, rows: NoticeListRow[]) => [
    plain(`${name}（${section.unit}）${rows.length === 0 ? '：本期无排名单位。' : '：'}`),
    ...(rows.length
      ? [
          table(
            ['名次', '单位', '综合得分', '响应率', '按时办结率', '较上期', '满意率', '较上期', '名次变化'],
            rows.map((r) => [
              r.rank === null ? '—' : String(r.rank),
              r.name,
              r.score === null ? '—' : r.score.toFixed(2),
              r.responseRate,
              r.onTimeRate,
              r.onTimeChange,
              r.satisfactionRate,
              r.satisfactionChange,
              r.rankChange,
            ]),
            [7, 19, 10, 10, 11, 12, 10, 12, 9],
          ),
        ]
      : []),
  ];
  return [
    plain(`（${ordinal}）${section.unit}排名${compared}`, true, true),
    ...list('红榜', section.red),
    ...list('黑榜', section.black),
  ];
}

function heading(text: string): Paragraph {
  return new Paragraph({ spacing: { before: 240 }, indent: { firstLine: 640 }, children: [new TextRun({ text, font: HEADING_FONT })] });
}

function plain(text: string, indent = true, bold = false): Paragraph {
  return new Paragraph({
    spacing: { line: 560 },
    ...(indent ? { indent: { firstLine: 640 } } : {}),
    children: [new TextRun({ text, bold })],
  });
}

function table(header: string[], rows: string[][], widths: number[]): Table {
  const cell = (text: string, width: number, bold = false) =>
    new TableCell({
      width: { size: width, type: WidthType.PERCENTAGE },
      children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, size: TABLE_SIZE, bold })] })],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, widths[i], true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v, i) => cell(v, widths[i])) })),
    ],
  });
}

/** The package with its timestamps set to `at`: docProps/core.xml's created/modified and each entry's date. */
export function fixedPackage(packed: Uint8Array, at: Date): Buffer {
  const entries = unzipSync(packed);
  const stamp = `${at.toISOString().slice(0, 19)}Z`;
  const core = entries['docProps/core.xml'];
  if (core) {
    const xml = Buffer.from(core)
      .toString('utf8')
      .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/u, `$1${stamp}$2`)
      .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/u, `$1${stamp}$2`);
    entries['docProps/core.xml'] = new Uint8Array(Buffer.from(xml, 'utf8'));
  }
  // fflate writes an entry's DOS date from the local getters; a local Date with Beijing's wall
  // clock gives the same bytes whatever timezone the server runs in.
  const beijing = new Date(at.getTime() + 8 * 3600 * 1000);
  const mtime = new Date(
    beijing.getUTCFullYear(),
    beijing.getUTCMonth(),
    beijing.getUTCDate(),
    beijing.getUTCHours(),
    beijing.getUTCMinutes(),
    beijing.getUTCSeconds(),
  );
  const zipped = zipSync(
    Object.fromEntries(Object.entries(entries).map(([path, data]) => [path, [data, { mtime }]])),
    { level: 6, mtime },
  );
  return Buffer.from(zipped.buffer, zipped.byteOffset, zipped.byteLength);
}
