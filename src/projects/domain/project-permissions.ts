import type { Role } from '../../common/auth/role';

/** The facts about one project that decide who may write to it (the caller has already seen it). */
export interface ProjectWriter {
  role: Role;
  userId: number;
  departmentId: number | null;
}

export interface ProjectResponsibility {
  liaisonOfficerId: number | null;
  leadDepartmentId: number | null;
}

/**
 * Who keeps a project moving: supervisors (in reach — the caller can see it) and admins, the
 * project's liaison officer, and the handlers of its lead department. They change stages, report
 * progress and tick milestones off. Firms read their projects but do not write them.
 */
export function mayWorkOnProject(writer: ProjectWriter, project: ProjectResponsibility): boolean {
  switch (writer.role) {
    case 'admin':
    case 'supervisor':
      return true;
    case 'officer':
      return project.liaisonOfficerId === writer.userId;
    case 'handler':
      return writer.departmentId !== null && project.leadDepartmentId === writer.departmentId;
    case 'enterprise':
      return false;
    default:
      return false;
  }
}
