import { OmitType } from '@nestjs/swagger';
import { ListProjectsQuery } from './list-projects.query';

/** The list's filters without paging: an export holds every matching project. */
export class ProjectExportQuery extends OmitType(ListProjectsQuery, ['page', 'pageSize'] as const) {}
