import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import type { ImportQuery } from '../../imports/dto/import.dto';
import { readImportFile, type UploadedFile } from '../../imports/import-file-reader';
import { shanghaiDateOf } from '../../sla/domain/shanghai-date';
import type { ProjectImportReportDto } from '../dto/project-import.dto';
import { findProjectHeadingRow, mapProjectColumns, PROJECT_IMPORT_HEADINGS, planProjectRows } from '../domain/project-import-row';
import { orderedStages } from '../domain/stage-pipeline';
import { type NewProjectEvent, ProjectEventsRepository } from '../project-events.repository';
import { ProjectsRepository } from '../projects.repository';
import { ProjectImportRepository } from './project-import.repository';
import { UnitOfWork } from '../../common/database/unit-of-work';

/** A project list can be long but is handed over a few times a year; this bounds one file. */
export const MAX_PROJECT_IMPORT_ROWS = 5000;

/**
 * Import of a project list (项目清单) from XLSX or CSV, read by the enterprise import's file
 * reader: every row is checked first (firms by credit code in your reach, region, industry,
 * investment in 万元 or 亿元, stage by name), the report names each bad row and field, and the
 * good rows are written in one transaction — all-or-nothing by default, or valid-only.
 */
@Injectable()
export class ProjectImportService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly lookups: ProjectImportRepository,
    private readonly projects: ProjectsRepository,
    private readonly events: ProjectEventsRepository,
    private readonly clock: Clock,
  ) {}

  async importFile(user: AuthUser, file: UploadedFile, options: ImportQuery): Promise<ProjectImportReportDto> {
    const table = await readImportFile(file);
    const headingIndex = findProjectHeadingRow(table.rows);
    if (headingIndex < 0) {
      throw AppError.badRequest(
        `No heading row found: one of the first rows must name the columns, e.g. ${PROJECT_IMPORT_HEADINGS.name[0]}`,
        [{ field: 'file', message: 'no heading row' }],
      );
    }
    const map = mapProjectColumns(table.rows[headingIndex].cells);
    if (map.missing.length) {
      const row = table.rows[headingIndex].rowNumber;
      throw AppError.badRequest(
        'The heading row is incomplete',
        map.missing.map((heading) => ({ row, field: 'file', message: `missing column ${heading}` })),
      );
    }
    const dataRows = table.rows.slice(headingIndex + 1).filter((r) => r.cells.some((c) => c.trim() !== ''));
    if (!dataRows.length)
      throw AppError.badRequest('The file has a heading row but no data rows', [{ field: 'file', message: 'no data rows' }]);
    if (dataRows.length > MAX_PROJECT_IMPORT_ROWS) {
      throw AppError.badRequest(`Import at most ${MAX_PROJECT_IMPORT_ROWS} projects at a time`, [
        { field: 'file', message: 'too many rows' },
      ]);
    }
    const column = (index: number | undefined) => (index === undefined ? [] : dataRows.map((r) => (r.cells[index] ?? '').trim()));
    const codes = [
      ...new Set(
        column(map.columns.creditCodes).flatMap((c) =>
          c
            .split(/[、,，;；\s]+/)
            .filter(Boolean)
            .map((x) => x.toUpperCase()),
        ),
      ),
    ];
    const now = this.clock.now();
    const [regions, firmsByCode, officersByUsername, existing, stages] = await Promise.all([
      this.lookups.regions(),
      this.lookups.firmsByCode(user, codes),
      this.lookups.officersByUsername(user, [...new Set(column(map.columns.officerUsername).filter(Boolean))]),
      this.lookups.existing([...new Set(column(map.columns.name).filter(Boolean))]),
      this.projects.stages(),
    ]);
    const ordered = orderedStages(stages);
    const { planned, errors } = planProjectRows(dataRows, map.columns, {
      regions,
      reachPrefix: user.reachPrefix,
      firmsByCode,
      stagesByName: new Map(ordered.map((s) => [s.name, s.code])),
      firstStage: ordered[0].code,
      officersByUsername,
      existing,
      today: shanghaiDateOf(now),
    });
    const invalidRows = new Set(errors.map((e) => e.row)).size;
    const report: ProjectImportReportDto = {
      format: table.format,
      fileName: file.filename,
      dryRun: options.dryRun,
      mode: options.mode,
      imported: false,
      totalRows: dataRows.length,
      validRows: planned.length,
      invalidRows,
      created: planned.length,
      ignoredColumns: map.ignored,
      errors,
    };
    if (invalidRows && options.mode === 'all-or-nothing') {
      if (options.dryRun) return { ...report, created: 0 };
      throw new AppError(
        ErrorCode.Unprocessable,
        `${invalidRows} rows are invalid; nothing was imported`,
        errors.map((e) => ({ row: e.row, field: e.field, message: e.message })),
        { report: { ...report, created: 0 } },
      );
    }
    if (options.dryRun || !planned.length) return report;
    await this.uow.transaction(async (m) => {
      const events: NewProjectEvent[] = [];
      for (const p of planned) {
        const id = await this.projects.insert(m, { ...p, leadDepartmentId: null, description: null, createdBy: user.id, now });
        await this.projects.insertEnterprises(m, id, p.enterpriseIds);
        await this.projects.setActualDate(m, id, p.stageCode, p.stageSince);
        events.push({
          projectId: id,
          action: 'create',
          actorId: user.id,
          actorRole: user.role,
          fromStage: null,
          toStage: p.stageCode,
          payload: {
            import: file.filename,
            row: p.row,
            totalInvestmentWan: p.totalInvestmentWan,
            enterpriseIds: p.enterpriseIds,
            stageSince: p.stageSince,
          },
          createdAt: now,
        });
      }
      await this.events.append(m, events, { lock: true });
    });
    return { ...report, imported: true };
  }
}
