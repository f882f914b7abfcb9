import { answerAttachmentsRefusal, MAX_ANSWER_ATTACHMENTS } from './task-attachments';

describe('the files a co-handler’s answer may carry', () => {
  const task = { id: '7', departmentId: '4' };
  const own = { id: '11', uploaderDepartmentId: '4', taskId: null };

  it('takes the department’s own files of the appeal, once each, also when named twice', () => {
    expect(answerAttachmentsRefusal(task, ['11', '11'], [own])).toBeNull();
    expect(answerAttachmentsRefusal(task, ['11'], [{ ...own, taskId: '7' }])).toBeNull();
  });

  it('refuses a file of another appeal, of another uploader, or already carried by another answer', () => {
    expect(answerAttachmentsRefusal(task, ['12'], [own])).toBe('Attachment 12 is not a file of this appeal.');
    expect(answerAttachmentsRefusal(task, ['11'], [{ ...own, uploaderDepartmentId: '5' }])).toBe(
      'Attachment 11 was not uploaded by the co-handling department.',
    );
    expect(answerAttachmentsRefusal(task, ['11'], [{ ...own, uploaderDepartmentId: null }])).toBe(
      'Attachment 11 was not uploaded by the co-handling department.',
    );
    expect(answerAttachmentsRefusal(task, ['11'], [{ ...own, taskId: '8' }])).toBe(
      "Attachment 11 already belongs to another co-handler's answer.",
    );
  });

  it('caps how many files one answer carries', () => {
    const ids = Array.from({ length: MAX_ANSWER_ATTACHMENTS + 1 }, (_, i) => String(i + 1));
    expect(answerAttachmentsRefusal(task, ids, [])).toBe(`An answer carries at most ${MAX_ANSWER_ATTACHMENTS} attachments.`);
  });
});
