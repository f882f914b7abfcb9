import { passwordProblems } from './password-policy';

const owner = { username: 'cd_officer_01', displayName: '张专员' };

describe('passwordProblems', () => {
  it.each(['password12', 'Password123', 'qwertyuiop1', '1234567890a', 'iloveyou2026'])('refuses the guessable %j', (password) => {
    expect(passwordProblems(password, owner)).toContain('too_guessable');
  });

  it('refuses a password containing the username, whatever the case', () => {
    expect(passwordProblems('xCD_OFFICER_01-Kq8#zz', owner)).toEqual(['contains_username']);
  });

  it('refuses what is too short or too long before judging it', () => {
    expect(passwordProblems('Xk9#mq2', owner)).toEqual(['too_short']);
    expect(passwordProblems('x'.repeat(129), owner)).toEqual(['too_long']);
  });

  it.each(['correct horse battery staple', 'Xk9#mq2Lr8vz', 'Test-password-1', '青山-绿水-2026-远方'])('accepts %j', (password) => {
    expect(passwordProblems(password, owner)).toEqual([]);
  });
});
