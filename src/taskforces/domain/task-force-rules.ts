import { ancestorCodes, levelOfCode, subtreePrefix } from '../../common/scope/region-reach';

/** A department as the task-force rules see it. */
export interface MemberDepartment {
  readonly id: string;
  readonly regionCode: string;
  readonly active: boolean;
}

/** A task force (专班) as the rules see it: its owning region and its members. */
export interface TaskForceFacts {
  readonly id: string;
  readonly name: string;
  readonly regionCode: string;
  readonly active: boolean;
  readonly members: readonly MemberDepartment[];
}

/** The most members one task force may have (the province's industrial-chain task force has 17). */
export const TASK_FORCE_MAX_MEMBERS = 50;

/** A task force belongs to the province or to a city (市州), never to a county. */
export function canOwnTaskForce(regionCode: string): boolean {
  return levelOfCode(regionCode) !== 'county';
}

/**
 * Who may sit in a task force: a department on the owning region's chain (a city's 专班 may call
 * on provincial departments) or inside its subtree (the city's own and its counties'), never one
 * of a sibling region.
 */
export function mayBeMember(ownerRegionCode: string, departmentRegionCode: string): boolean {
  return (
    ancestorCodes(ownerRegionCode, levelOfCode(ownerRegionCode)).includes(departmentRegionCode) ||
    departmentRegionCode.startsWith(subtreePrefix(ownerRegionCode))
  );
}

/** A task force covers the appeals of its owning region and the regions below it. */
export function coversAppeal(ownerRegionCode: string, appealRegionCode: string): boolean {
  return appealRegionCode.startsWith(subtreePrefix(ownerRegionCode));
}

export type TaskForceRefusal =
  | { readonly problem: 'inactive'; readonly message: string }
  | { readonly problem: 'not_covering'; readonly message: string };

/** Why a task force cannot be brought into an appeal of this region, or null when it can. */
export function refuseForAppeal(force: Pick<TaskForceFacts, 'name' | 'regionCode' | 'active'>, appealRegionCode: string): TaskForceRefusal | null {
  if (!force.active) return { problem: 'inactive', message: `Task force ${force.name} is inactive` };
  if (!coversAppeal(force.regionCode, appealRegionCode)) {
    return {
      problem: 'not_covering',
      message: `Task force ${force.name} of region ${force.regionCode} does not cover an appeal of region ${appealRegionCode}`,
    };
  }
  return null;
}

/** The members a task force can bring into an appeal: the active ones (a retired department joins nothing). */
export function activeMemberIds(members: readonly MemberDepartment[]): string[] {
  return members.filter((m) => m.active).map((m) => m.id);
}

/**
 * The departments a task force brings into an appeal as co-handlers: its (active) members, except
 * the lead department (主办 answers, it does not co-handle) and those already co-handling, in id
 * order so the record reads the same however the members were listed.
 */
export function joiningDepartments(
  memberIds: readonly string[],
  leadDepartmentId: string | null,
  currentCoDepartmentIds: readonly string[],
): string[] {
  const taken = new Set([...(leadDepartmentId === null ? [] : [leadDepartmentId]), ...currentCoDepartmentIds]);
  const ids = memberIds.filter((id) => !taken.has(id));
  return [...new Set(ids)].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
}

/** Problems with a proposed member list: each department named that may not sit in the task force. */
export function memberProblems(ownerRegionCode: string, departments: readonly (MemberDepartment & { readonly name: string })[]): string[] {
  return departments
    .filter((d) => !d.active || !mayBeMember(ownerRegionCode, d.regionCode))
    .map((d) =>
      d.active
        ? `Department ${d.name} (region ${d.regionCode}) is neither on the chain above region ${ownerRegionCode} nor inside it`
        : `Department ${d.name} is inactive and cannot be a member`,
    );
}
