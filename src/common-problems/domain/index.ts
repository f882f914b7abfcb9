export { normaliseText } from './text-normaliser';
export { tokensOf, shinglesOf } from './chinese-tokens';
export { SIGNATURE_BANDS, ROWS_PER_BAND, minHashOf, bandHashesOf, hash32 } from './minhash';
export { searchTermOf, searchTextOf } from './search-terms';
export { cosineOfTokens, diceOfTokens } from './text-similarity';
export { type PoolAppeal, type ProblemCluster, clusterAppeals } from './problem-clusters';
export { type AppealTextSignature, LIKELY_SAME_PROBLEM, signatureOf, similarityOf } from './appeal-text';
