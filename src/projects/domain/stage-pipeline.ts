/**
 * The project pipeline (五未): an ordered list of stages that is data (an admin may rename, add or
 * retire stages), and the rules a stage change must follow. Pure: no Nest, no TypeORM.
 */

export interface PipelineStage {
  code: string;
  name: string;
  position: number;
  active: boolean;
}

export interface StageChangeRequest {
  /** The project's current stage and the local date it entered it. */
  currentStage: string;
  currentSince: string;
  targetStage: string;
  /** The local date (YYYY-MM-DD) the project reached the target stage. */
  date: string;
  /** Today in Asia/Shanghai: a stage cannot be reached in the future. */
  today: string;
  /** Required to skip a stage or to move back (a correction). */
  reason: string | null;
}

export type StageChangeKind = 'advance' | 'skip' | 'correction';

export type StageDecision =
  { ok: true; kind: StageChangeKind; skipped: string[]; reachedFinal: boolean } | { ok: false; field: string; message: string };

/** A reason must say something: at least this many characters once trimmed. */
export const MIN_REASON_LENGTH = 4;

function refuse(field: string, message: string): StageDecision {
  return { ok: false, field, message };
}

/** The active stages in pipeline order. */
export function orderedStages(stages: readonly PipelineStage[]): PipelineStage[] {
  return stages.filter((s) => s.active).sort((a, b) => a.position - b.position);
}

/** The last active stage: the project has reached full production (已达产). */
export function finalStage(stages: readonly PipelineStage[]): PipelineStage {
  const ordered = orderedStages(stages);
  if (!ordered.length) throw new Error('The project pipeline has no active stage');
  return ordered[ordered.length - 1];
}

/**
 * Decides whether a project may move from its current stage to the target one:
 * - the next stage is an ordinary advance;
 * - a later stage skips the ones between and needs a reason (they are recorded as skipped);
 * - an earlier stage is a correction and needs a reason;
 * - the date must not lie in the future nor before the date the current stage was entered.
 */
export function decideStageChange(stages: readonly PipelineStage[], request: StageChangeRequest): StageDecision {
  const ordered = orderedStages(stages);
  const target = ordered.findIndex((s) => s.code === request.targetStage);
  if (target < 0) return refuse('toStage', `${request.targetStage} is not an active stage of the pipeline`);
  const current = ordered.findIndex((s) => s.code === request.currentStage);
  if (current === target) return refuse('toStage', `The project is already at ${ordered[target].name}`);
  if (request.date > request.today) {
    return refuse('date', `A stage cannot be reached in the future (today is ${request.today})`);
  }
  if (request.date < request.currentSince) {
    return refuse('date', `The date lies before ${request.currentSince}, when the project entered its current stage`);
  }
  const reason = request.reason?.trim() ?? '';
  const reachedFinal = target === ordered.length - 1;
  // A current stage an admin has since retired has no position: any active stage is then a correction-free move forward.
  if (current < 0 || target === current + 1) return { ok: true, kind: 'advance', skipped: [], reachedFinal };
  if (target > current + 1) {
    const skipped = ordered.slice(current + 1, target).map((s) => s.code);
    if (reason.length < MIN_REASON_LENGTH) {
      return refuse(
        'reason',
        `Skipping ${ordered
          .slice(current + 1, target)
          .map((s) => s.name)
          .join('、')} needs a reason`,
      );
    }
    return { ok: true, kind: 'skip', skipped, reachedFinal };
  }
  if (reason.length < MIN_REASON_LENGTH)
    return refuse('reason', 'Moving a project back to an earlier stage is a correction and needs a reason');
  return { ok: true, kind: 'correction', skipped: [], reachedFinal };
}

export interface PlannedStageDate {
  stageCode: string;
  plannedDate: string | null;
}

/**
 * Planned dates must follow the pipeline: a later stage is not planned before an earlier one.
 * Returns the first offending stage, or null when consistent. Stages without a date are ignored.
 */
export function inconsistentPlannedDate(
  stages: readonly PipelineStage[],
  planned: readonly PlannedStageDate[],
): { stageCode: string; message: string } | null {
  const byCode = new Map(planned.map((p) => [p.stageCode, p.plannedDate]));
  let previous: { name: string; date: string } | null = null;
  for (const stage of orderedStages(stages)) {
    const date = byCode.get(stage.code);
    if (!date) continue;
    if (previous && date < previous.date) {
      return { stageCode: stage.code, message: `${stage.name} is planned for ${date}, before ${previous.name} (${previous.date})` };
    }
    previous = { name: stage.name, date };
  }
  return null;
}

export interface StageListChange {
  code: string;
  name: string;
}

/**
 * Validates a new pipeline (the full ordered list an admin submits): codes unique and well formed,
 * names unique, at least two stages, and no stage that a project stands on removed.
 */
export function validatePipeline(next: readonly StageListChange[], inUse: ReadonlySet<string>): { field: string; message: string } | null {
  if (next.length < 2) return { field: 'stages', message: 'The pipeline needs at least two stages' };
  const codes = new Set<string>();
  const names = new Set<string>();
  for (const [i, stage] of next.entries()) {
    if (!/^[a-z][a-z0-9_]{1,31}$/.test(stage.code)) {
      return { field: `stages.${i}.code`, message: 'A stage code is 2-32 lower-case letters, digits or _' };
    }
    if (codes.has(stage.code)) return { field: `stages.${i}.code`, message: `Stage ${stage.code} appears twice` };
    if (names.has(stage.name)) return { field: `stages.${i}.name`, message: `Stage name ${stage.name} appears twice` };
    codes.add(stage.code);
    names.add(stage.name);
  }
  for (const code of inUse) {
    if (!codes.has(code)) return { field: 'stages', message: `Stage ${code} still has projects; move them before removing it` };
  }
  return null;
}
