import { shinglesOf, tokensOf } from './chinese-tokens';
import { bandHashesOf, minHashOf } from './minhash';
import { cosineOfTokens, diceOfTokens } from './text-similarity';

/** What Qiyuan keeps of an appeal's text to compare and search it: its words and its LSH bands. */
export interface AppealTextSignature {
  tokens: string[];
  /** One hash per band (index = band number); empty for a text without words. */
  bands: number[];
}

/** The title counts twice: it is the firm's own summary of the problem. */
export function signatureOf(title: string, description: string): AppealTextSignature {
  const titleTokens = tokensOf(title);
  const tokens = [...titleTokens, ...titleTokens, ...tokensOf(description)];
  return { tokens, bands: bandHashesOf(minHashOf(shinglesOf(tokens))) };
}

/**
 * From this score up two appeals are "likely the same problem" (shown at intake, grouped in the
 * pool). Chosen on the spec's texts: the same problem reworded scores 0.4–0.85, different
 * problems sharing words (变压器 burnt out and 变压器 capacity; 难 of hiring and of credit) 0.1–0.15.
 */
export const LIKELY_SAME_PROBLEM = 0.35;

/** The re-score: the mean of the cosine on word counts and Dice on word sets. */
export function similarityOf(left: readonly string[], right: readonly string[]): number {
  return (cosineOfTokens(left, right) + diceOfTokens(left, right)) / 2;
}
