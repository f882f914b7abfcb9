import { Inject, Injectable, Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { validateCreditCode } from '../enterprises/domain/credit-code';
import type { OfficerMove } from '../officers/open-appeals-handover';
import { OfficerAssignmentsRepository } from '../officers/officer-assignments.repository';
import { OfficerAssignmentsService } from '../officers/officer-assignments.service';
import { PolicyMatchingService } from '../policies/matching/policy-matching.service';
import { findHeadingRow, HEADINGS, mapColumns } from './domain/import-columns';
import { planRows, type OfficerInfo, type PlannedRow } from './domain/import-row';
import { ImportQuery, ImportReportDto } from './dto/import.dto';
import { EnterpriseImportRepository } from './enterprise-import.repository';
import { readImportFile, type UploadedFile } from './import-file-reader';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { UnitOfWork } from '../common/database/unit-of-work';

/** A unique-index hit or lock contention: a concurrent import or assignment won (409, nothing imported). */
const concurrentImport = () =>
  AppError.conflict('Some of these enterprises were changed by a concurrent import or assignment; nothing was imported, try again');

/**
 * Bulk import of the enterprise list: read the whole file, validate every row against the
 * database, then write in one transaction with set-based statements — or write nothing.
 */
@Injectable()
export class EnterpriseImportService {
  private readonly logger = new Logger('EnterpriseImport');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly imports: EnterpriseImportRepository,
    private readonly officerUsers: OfficerAssignmentsRepository,
    private readonly officerAssignments: OfficerAssignmentsService,
    private readonly clock: Clock,
    private readonly policyMatching: PolicyMatchingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async importFile(actor: AuthUser, file: UploadedFile, options: ImportQuery): Promise<ImportReportDto> {
    const started = performance.now();
    const table = await readImportFile(file, this.config.IMPORT_MAX_UNCOMPRESSED_BYTES);
    const headingIndex = findHeadingRow(table.rows);
    if (headingIndex < 0) {
      throw AppError.badRequest(`No heading row found: one of the first rows must name the columns, e.g. ${HEADINGS.creditCode[0]}`, [
        { field: 'file', message: 'no heading row' },
      ]);
    }
    const headings = table.rows[headingIndex].cells;
    const map = mapColumns(headings);
    if (map.missing.length || map.duplicated.length) {
      const row = table.rows[headingIndex].rowNumber;
      throw AppError.badRequest('The heading row is incomplete or ambiguous', [
        ...map.missing.map((field) => ({ row, field, message: `missing column ${HEADINGS[field][0]}` })),
        ...map.duplicated.map((field) => ({ row, field, message: `more than one column means ${HEADINGS[field][0]}` })),
      ]);
    }
    const dataRows = table.rows.slice(headingIndex + 1).filter((r) => r.cells.some((c) => c.trim() !== ''));
    if (!dataRows.length)
      throw AppError.badRequest('The file has a heading row but no data rows', [{ field: 'file', message: 'no data rows' }]);

    const column = (index: number | undefined) => (index === undefined ? [] : dataRows.map((r) => (r.cells[index] ?? '').trim()));
    const codes = [
      ...new Set(
        column(map.columns.creditCode)
          .map((c) => validateCreditCode(c))
          .flatMap((r) => (r.ok ? [r.code] : [])),
      ),
    ];
    const usernames = [...new Set(column(map.columns.officerUsername).filter(Boolean))];
    const [regions, existing, officerList] = await Promise.all([
      this.imports.regions(),
      this.imports.findExisting(codes),
      this.officerUsers.findOfficersByUsername(usernames),
    ]);
    const officers = new Map<string, OfficerInfo>(officerList.map((o) => [o.username, o]));
    const { planned, errors, invalidRows } = planRows(dataRows, map.columns, {
      regions,
      reachPrefix: actor.reachPrefix,
      existing,
      officers,
    });

    const count = (action: PlannedRow['action']) => planned.filter((p) => p.action === action).length;
    const summary = {
      totalRows: dataRows.length,
      validRows: planned.length,
      invalidRows,
      created: count('create'),
      updated: count('update'),
      unchanged: count('unchanged'),
      officersAssigned: planned.filter((p) => p.assignOfficer).length,
      assignmentsEnded: planned.filter((p) => p.endAssignment).length,
    };
    const report = (imported: boolean): ImportReportDto => ({
      format: table.format,
      fileName: file.filename,
      dryRun: options.dryRun,
      mode: options.mode,
      imported,
      ...summary,
      ignoredColumns: map.ignored,
      errors: errors.map((e) => ({
        ...e,
        column: e.field === 'row' || map.columns[e.field] === undefined ? null : (headings[map.columns[e.field] as number] ?? null),
      })),
      durationMs: Math.round(performance.now() - started),
    });

    if (options.dryRun) return report(false);
    if (errors.length && options.mode === 'all-or-nothing') {
      throw new AppError(
        ErrorCode.Unprocessable,
        `${invalidRows} of ${dataRows.length} rows have errors; nothing was imported (fix them, or import with mode=valid-only)`,
        errors.map(({ row, field, message }) => ({ row, field, message })),
        summary,
      );
    }
    const wrote = await this.write(actor, planned, file.filename);
    const result = report(wrote);
    this.logger.log(
      `Imported ${file.filename} for user ${actor.id}: ${result.totalRows} rows, ${result.created} created, ${result.updated} updated, ` +
        `${result.invalidRows} rejected in ${result.durationMs} ms`,
    );
    return result;
  }

  /** Everything in one transaction: a failure anywhere leaves the database as it was. */
  private async write(actor: AuthUser, planned: PlannedRow[], fileName: string): Promise<boolean> {
    const changed = planned.filter((p) => p.action !== 'unchanged');
    const assigned = planned.filter((p) => p.assignOfficer);
    const ended = planned.filter((p) => p.endAssignment && p.existing);
    if (!changed.length && !assigned.length && !ended.length) return false;
    const reason = `imported from ${fileName || 'a file'}`.slice(0, 500);
    await this.uow.transaction(
      async (manager) => {
        await this.imports.upsert(
          manager,
          changed.map((p) => p.values),
          this.clock.now(),
        );
        const newCodes = assigned.filter((p) => !p.existing).map((p) => p.values.creditCode);
        const newIds = newCodes.length ? await this.imports.idsByCreditCode(manager, newCodes) : new Map<string, number>();
        await this.officerAssignments.endAssignments(
          manager,
          ended.map((p) => p.existing?.id as number),
          actor.id,
          `${reason}: the enterprise moved out of the officer's region`.slice(0, 500),
        );
        const moves: OfficerMove[] = assigned.map((p) => ({
          enterpriseId: p.existing?.id ?? (newIds.get(p.values.creditCode) as number),
          fromOfficerId: p.existing?.officerId ?? null,
          toOfficerId: (p.assignOfficer as OfficerInfo).id,
        }));
        await this.officerAssignments.applyMoves(manager, moves, actor.id, reason);
        // Created and updated firms are matched against the live policies in the same transaction.
        const createdCodes = changed.filter((p) => !p.existing).map((p) => p.values.creditCode);
        const createdIds = createdCodes.length ? await this.imports.idsByCreditCode(manager, createdCodes) : new Map<string, number>();
        await this.policyMatching.rematchFirms(manager, [
          ...changed.flatMap((p) => (p.existing ? [p.existing.id] : [])),
          ...createdIds.values(),
        ]);
      },
      { duplicate: concurrentImport, busy: concurrentImport },
    );
    return true;
  }
}
