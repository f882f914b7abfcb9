import { Injectable } from '@nestjs/common';
import type { ReadStream } from 'node:fs';
import type { MultipartFile } from '@fastify/multipart';
import type { EntityManager } from 'typeorm';
import { type AcceptedFile, AttachmentStore } from '../../appeals/attachments/attachment-store';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import type { ProjectAttachmentDto } from '../dto/project-attachment.dto';
import { mayWorkOnProject } from '../domain/project-permissions';
import { ProjectEventsRepository } from '../project-events.repository';
import type { LockedProjectRow, ProjectColumns } from '../project-row';
import { ProjectsRepository } from '../projects.repository';
import { ProjectAttachmentsRepository } from './project-attachments.repository';
import { UnitOfWork } from '../../common/database/unit-of-work';

/**
 * A project's evidence files, through the appeals' attachment machinery (AttachmentStore: limits,
 * type check, storage). Those who may see the project list and download them; those who may work
 * on it (mayWorkOnProject) upload. Every upload is an 'attach' event on the project's chain.
 */
@Injectable()
export class ProjectAttachmentsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectsRepository,
    private readonly attachments: ProjectAttachmentsRepository,
    private readonly events: ProjectEventsRepository,
    private readonly store: AttachmentStore,
    private readonly clock: Clock,
  ) {}

  async upload(user: AuthUser, projectId: number, file: MultipartFile | undefined): Promise<ProjectAttachmentDto> {
    // A project the caller may not see is a 404 before anything about the file is judged or stored.
    if (!(await this.projects.findVisible(user, projectId, this.clock.now()))) throw AppError.notFound('Project', projectId);
    const accepted = await this.store.accept(file);
    const id = await this.store.saveRecorded(accepted, (storageKey) =>
      this.uow.transaction(async (m) => {
        const row = await this.projects.lockVisible(m, user, projectId);
        if (!row) throw AppError.notFound('Project', projectId);
        assertMayWork(user, row);
        const [attachmentId] = await this.recordWithin(m, user, row, accepted, storageKey, this.clock.now());
        return attachmentId;
      }),
    );
    return (await this.list(user, projectId)).find((a) => a.id === id) as ProjectAttachmentDto;
  }

  /**
   * Records a stored file and its 'attach' event inside the caller's transaction, which holds the
   * project row; returns the attachment id and the event's seq.
   */
  async recordWithin(
    m: EntityManager,
    user: AuthUser,
    row: LockedProjectRow,
    file: AcceptedFile,
    storageKey: string,
    now: Date,
  ): Promise<[number, number]> {
    const projectId = Number(row.id);
    const seq = Number(row.event_count) + 1;
    const id = await this.attachments.insert(m, { projectId, eventSeq: seq, uploadedBy: user.id, file, storageKey, now });
    const stage = String(row.stage_code);
    await this.events.append(
      m,
      [
        {
          projectId,
          action: 'attach',
          actorId: user.id,
          actorRole: user.role,
          fromStage: stage,
          toStage: stage,
          payload: { attachmentId: id, fileName: file.fileName, sizeBytes: file.sizeBytes, sha256: file.sha256 },
          createdAt: now,
        },
      ],
      { lock: false },
    );
    row.event_count = seq;
    return [id, seq];
  }

  async list(user: AuthUser, projectId: number): Promise<ProjectAttachmentDto[]> {
    if (!(await this.projects.findVisible(user, projectId, this.clock.now()))) throw AppError.notFound('Project', projectId);
    return this.attachments.list(this.projects.manager, projectId);
  }

  /** Streams a file to someone who may see the project; anyone else gets 404. */
  async open(
    user: AuthUser,
    projectId: number,
    attachmentId: number,
  ): Promise<{ stream: ReadStream; fileName: string; contentType: string; size: number }> {
    if (!(await this.projects.findVisible(user, projectId, this.clock.now()))) throw AppError.notFound('Project', projectId);
    const found = await this.attachments.find(this.projects.manager, projectId, attachmentId);
    if (!found) throw AppError.notFound('Attachment', attachmentId);
    return { stream: this.store.open(found.storageKey), fileName: found.fileName, contentType: found.contentType, size: found.size };
  }
}

export function assertMayWork(user: AuthUser, row: Pick<ProjectColumns, 'liaison_officer_id' | 'lead_department_id'>): void {
  const responsibility = {
    liaisonOfficerId: row.liaison_officer_id === null ? null : Number(row.liaison_officer_id),
    leadDepartmentId: row.lead_department_id === null ? null : Number(row.lead_department_id),
  };
  if (!mayWorkOnProject({ role: user.role, userId: user.id, departmentId: user.departmentId }, responsibility)) {
    throw AppError.forbidden('Only the project’s liaison officer, its lead department or a supervisor may change it');
  }
}
