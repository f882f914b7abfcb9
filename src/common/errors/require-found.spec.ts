import { AppError } from './app-error';
import { ErrorCode } from './error-code';
import { requireFound } from './require-found';

describe('requireFound', () => {
  it('passes the found row through', async () => {
    await expect(requireFound(Promise.resolve({ id: 3 }), 'Policy', 3)).resolves.toEqual({ id: 3 });
  });

  it.each([null, undefined])('answers 404 naming what was looked for when the lookup found %s', async (nothing) => {
    const refusal = await requireFound(Promise.resolve(nothing), 'Task force', 7).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: ErrorCode.NotFound, message: 'Task force 7 was not found' });
  });
});
