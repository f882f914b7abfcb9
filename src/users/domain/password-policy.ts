import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

/**
 * What a new password must be: 10–128 characters, not containing the username, and hard to
 * guess by zxcvbn's estimate (score ≥ 3 of 4, "safely unguessable": about 10^8 guesses or more),
 * judged against the common-password and English dictionaries plus the user's own names.
 * No composition rules beyond that: "password12" has a letter and a digit and is still refused.
 */
export type PasswordProblem = 'too_short' | 'too_long' | 'contains_username' | 'too_guessable';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;
export const MIN_PASSWORD_SCORE = 3;

zxcvbnOptions.setOptions({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
});

export interface PasswordOwner {
  username: string;
  displayName?: string;
}

export function passwordProblems(password: string, owner: PasswordOwner): PasswordProblem[] {
  if (password.length < MIN_PASSWORD_LENGTH) return ['too_short'];
  if (password.length > MAX_PASSWORD_LENGTH) return ['too_long'];
  const problems: PasswordProblem[] = [];
  const username = owner.username.trim().toLowerCase();
  if (username.length >= 3 && password.toLowerCase().includes(username)) problems.push('contains_username');
  const inputs = [owner.username, owner.displayName ?? ''].filter(Boolean);
  if (zxcvbn(password, inputs).score < MIN_PASSWORD_SCORE) problems.push('too_guessable');
  return problems;
}

/** English, for the API; the console has its own Chinese texts for the same problems. */
export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `must be at least ${MIN_PASSWORD_LENGTH} characters`,
  too_long: `must be at most ${MAX_PASSWORD_LENGTH} characters`,
  contains_username: 'must not contain the username',
  too_guessable: 'is too easy to guess (a common password, a word, a name, a date or a keyboard pattern); use a longer phrase of unrelated words',
};
