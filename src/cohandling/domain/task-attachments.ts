/** An attachment of the appeal as the answer's check reads it. */
export interface AnswerAttachment {
  readonly id: string;
  /** The uploader's department (null for the firm, an officer or a supervisor). */
  readonly uploaderDepartmentId: string | null;
  /** The task it already belongs to, if any. */
  readonly taskId: string | null;
}

/** Most attachments one answer names. */
export const MAX_ANSWER_ATTACHMENTS = 20;

/**
 * Why a co-handler's answer may not carry these attachments, or null: each must be a file of the
 * task's appeal (`found` holds only those), uploaded by a handler of the task's department, and
 * not already part of another answer. Pure: the caller reads the rows and links them.
 */
export function answerAttachmentsRefusal(
  task: { readonly id: string; readonly departmentId: string },
  askedIds: readonly string[],
  found: readonly AnswerAttachment[],
): string | null {
  if (askedIds.length > MAX_ANSWER_ATTACHMENTS) return `An answer carries at most ${MAX_ANSWER_ATTACHMENTS} attachments.`;
  const byId = new Map(found.map((a) => [a.id, a]));
  for (const id of new Set(askedIds)) {
    const attachment = byId.get(id);
    if (!attachment) return `Attachment ${id} is not a file of this appeal.`;
    if (attachment.uploaderDepartmentId !== task.departmentId) return `Attachment ${id} was not uploaded by the co-handling department.`;
    if (attachment.taskId !== null && attachment.taskId !== task.id)
      return `Attachment ${id} already belongs to another co-handler's answer.`;
  }
  return null;
}
