/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 *
 * Layout of the 18 characters (1-based positions, as the standard numbers them):
 *   1      registration authority (登记管理部门码), e.g. 9 = market supervision
 *   2      organisation type (机构类别码), e.g. 1 = enterprise
 *   3–8    administrative division code (登记管理机关行政区划码, GB/T 2260)
 *   9–17   organisation code body (主体标识码, GB 11714)
 *   18     check character (校验码)
 */

/** The standard's 31 characters; I, O, Z, S and V are left out so codes are not misread. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export const CREDIT_CODE_LENGTH = 18;

/** Weight of each of the first 17 positions: 3^i mod 31, as GB 32100-2015 tabulates it. */
const WEIGHTS: readonly number[] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

const MODULUS = 31;
const DIVISION_START = 2;
const DIVISION_END = 8;

export type CreditCodeFailureReason = 'length' | 'charset' | 'check_character';

export interface CreditCodeValid {
  ok: true;
  /** Trimmed, upper-case, half-width: the form to store and compare. */
  code: string;
  /** Positions 3–8: the GB/T 2260 division of the registering authority. */
  divisionCode: string;
}

export interface CreditCodeInvalid {
  ok: false;
  reason: CreditCodeFailureReason;
  message: string;
  messageZh: string;
  /** 1-based position of the offending character, when one character is to blame. */
  position?: number;
}

export type CreditCodeValidation = CreditCodeValid | CreditCodeInvalid;

/**
 * Checks a code as typed or imported. Never throws: the reasons and messages are meant to be
 * shown next to the field (or in an import's row report) as they are.
 */
export function validateCreditCode(input: string | null | undefined): CreditCodeValidation {
  const code = normalise(input ?? '');
  // Code points, not UTF-16 units, so a stray emoji is reported as one wrong character.
  const chars = [...code];
  const length = chars.length;
  if (length !== CREDIT_CODE_LENGTH) {
    return {
      ok: false,
      reason: 'length',
      message: `Unified social credit code must be ${CREDIT_CODE_LENGTH} characters long; got ${length}`,
      messageZh: `统一社会信用代码应为 ${CREDIT_CODE_LENGTH} 位，实为 ${length} 位`,
    };
  }
  for (let i = 0; i < CREDIT_CODE_LENGTH; i += 1) {
    const char = chars[i];
    const mustBeDigit = i >= DIVISION_START && i < DIVISION_END;
    if (mustBeDigit ? !isDigit(char) : !CREDIT_CODE_ALPHABET.includes(char)) {
      return charsetFailure(char, i + 1, mustBeDigit);
    }
  }
  const expected = computeCheckCharacter(code.slice(0, CREDIT_CODE_LENGTH - 1));
  const actual = code[CREDIT_CODE_LENGTH - 1];
  if (expected !== actual) {
    return {
      ok: false,
      reason: 'check_character',
      message: `Unified social credit code check character is wrong: expected ${expected}, got ${actual}`,
      messageZh: `统一社会信用代码校验位错误：应为 ${expected}，实为 ${actual}`,
      position: CREDIT_CODE_LENGTH,
    };
  }
  return { ok: true, code, divisionCode: code.slice(DIVISION_START, DIVISION_END) };
}

/**
 * The 18th character for the given first 17. Throws on malformed input because callers pass
 * codes they built themselves; user input goes through `validateCreditCode` instead.
 */
export function computeCheckCharacter(first17: string): string {
  if (first17.length !== CREDIT_CODE_LENGTH - 1) {
    throw new RangeError(`computeCheckCharacter needs 17 characters, got ${first17.length}`);
  }
  let sum = 0;
  for (let i = 0; i < first17.length; i += 1) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i]);
    if (value < 0) throw new RangeError(`"${first17[i]}" at position ${i + 1} is not a credit-code character`);
    sum += value * WEIGHTS[i];
  }
  // 31 - (sum mod 31), where a result of 31 wraps to 0.
  return CREDIT_CODE_ALPHABET[(MODULUS - (sum % MODULUS)) % MODULUS];
}

/** Registration authority 9 (market supervision) and type 1 (enterprise): an ordinary company. */
const DEMO_PREFIX = '91';
/** Bodies issued since 2015 by market supervision start with "MA"; demo codes look the same. */
const DEMO_BODY_PREFIX = 'MA';
const FREE_BODY_CHARS = 6;
const BODY_SPACE = BigInt(MODULUS) ** BigInt(FREE_BODY_CHARS);
/** Coprime to 31^6, so multiplying by it permutes the sequence space: distinct in, distinct out. */
const SCRAMBLE_FACTOR = 387_420_489n; // 3^18
const SCRAMBLE_OFFSET = 123_456_789n;

/** How many distinct codes `generateCreditCode` can make per division code. */
export const GENERATED_CODES_PER_DIVISION = Number(BODY_SPACE);

/**
 * A valid, deterministic code for demo and test data: the same (division, sequence) always gives
 * the same code, and different sequences in one division never collide. The sequence is scrambled
 * so neighbouring firms do not get near-identical codes, and the body carries a correct GB 11714
 * check character so the codes survive stricter validators than ours.
 */
export function generateCreditCode(divisionCode: string, sequence: number): string {
  if (!/^\d{6}$/.test(divisionCode)) {
    throw new RangeError(`Division code must be 6 digits, got "${divisionCode}"`);
  }
  if (!Number.isSafeInteger(sequence) || sequence < 0 || sequence >= GENERATED_CODES_PER_DIVISION) {
    throw new RangeError(`Sequence must be an integer in [0, ${GENERATED_CODES_PER_DIVISION}), got ${sequence}`);
  }
  let scrambled = (BigInt(sequence) * SCRAMBLE_FACTOR + SCRAMBLE_OFFSET) % BODY_SPACE;
  let free = '';
  for (let i = 0; i < FREE_BODY_CHARS; i += 1) {
    free = CREDIT_CODE_ALPHABET[Number(scrambled % BigInt(MODULUS))] + free;
    scrambled /= BigInt(MODULUS);
  }
  const body8 = DEMO_BODY_PREFIX + free;
  const first17 = DEMO_PREFIX + divisionCode + body8 + computeOrganisationCodeCheck(body8);
  return first17 + computeCheckCharacter(first17);
}

const ORGANISATION_CODE_WEIGHTS: readonly number[] = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * GB 11714 check character (position 17 of a credit code) for the 8 characters before it; letters
 * count A=10 … Z=35. `validateCreditCode` deliberately applies only the GB 32100 check: refusing a
 * code a registry really issued would lock a real firm out, and not every issuing authority's
 * bodies have been confirmed to follow GB 11714.
 */
export function computeOrganisationCodeCheck(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) throw new RangeError(`Organisation code body must be 8 characters 0-9/A-Z, got "${body8}"`);
  let sum = 0;
  for (let i = 0; i < body8.length; i += 1) sum += parseInt(body8[i], 36) * ORGANISATION_CODE_WEIGHTS[i];
  const check = 11 - (sum % 11);
  if (check === 10) return 'X';
  return check === 11 ? '0' : String(check);
}

/**
 * Government spreadsheets often carry full-width characters (ＡＢ１２) from Chinese input
 * methods; NFKC folds them to ASCII so such a code is not refused for how it was typed.
 */
function normalise(input: string): string {
  return input.normalize('NFKC').trim().toUpperCase();
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

function charsetFailure(char: string, position: number, mustBeDigit: boolean): CreditCodeInvalid {
  if (mustBeDigit) {
    return {
      ok: false,
      reason: 'charset',
      position,
      message: `Unified social credit code character ${position} is "${char}"; positions 3–8 are the administrative division code and must be digits`,
      messageZh: `统一社会信用代码第 ${position} 位“${char}”无效：第 3–8 位为行政区划码，只能是数字`,
    };
  }
  return {
    ok: false,
    reason: 'charset',
    position,
    message: `Unified social credit code character ${position} is "${char}", which is not allowed; only digits and the letters ${CREDIT_CODE_ALPHABET.slice(10)} are used (never I, O, Z, S or V)`,
    messageZh: `统一社会信用代码第 ${position} 位“${char}”不是有效字符：只能是数字或字母 ${CREDIT_CODE_ALPHABET.slice(10)}（不使用 I、O、Z、S、V）`,
  };
}
