import {
  computeCheckCharacter,
  computeOrganisationCodeCheck,
  CREDIT_CODE_ALPHABET,
  generateCreditCode,
  GENERATED_CODES_PER_DIVISION,
  validateCreditCode,
} from './credit-code';

/**
 * Real codes, each found published and each passing the GB 32100 check by hand:
 * - 深圳市腾讯计算机系统有限公司 — business-licence extract at check-china.com (example report 8)
 * - 华为技术有限公司 — infobox of the zh.wikipedia article 华为
 */
const TENCENT = '91440300708461136T';
const HUAWEI = '914403001922038216';

const FORBIDDEN_LETTERS = ['I', 'O', 'Z', 'S', 'V'];

describe('validateCreditCode', () => {
  it.each([TENCENT, HUAWEI])('accepts the published code %s', (code) => {
    expect(validateCreditCode(code)).toEqual({ ok: true, code, divisionCode: '440300' });
  });

  it('normalises lower case and surrounding whitespace', () => {
    expect(validateCreditCode('  91440300708461136t \n')).toEqual({ ok: true, code: TENCENT, divisionCode: '440300' });
  });

  it('folds full-width characters typed with a Chinese input method', () => {
    expect(validateCreditCode('９１４４０３００７０８４６１１３６Ｔ')).toMatchObject({ ok: true, code: TENCENT });
  });

  it.each([
    ['', 0],
    ['91440300708461136', 17],
    ['91440300708461136TT', 19],
    ['9144 0300 7084 6113 6T', 22],
  ])('rejects %j as %i characters long', (input, length) => {
    expect(validateCreditCode(input)).toEqual({
      ok: false,
      reason: 'length',
      message: `Unified social credit code must be 18 characters long; got ${length}`,
      messageZh: `统一社会信用代码应为 18 位，实为 ${length} 位`,
    });
  });

  it('treats a missing value as an empty code', () => {
    expect(validateCreditCode(undefined)).toMatchObject({ ok: false, reason: 'length' });
    expect(validateCreditCode(null)).toMatchObject({ ok: false, reason: 'length' });
  });

  it.each(FORBIDDEN_LETTERS)('rejects the forbidden letter %s and says where it is', (letter) => {
    const code = TENCENT.slice(0, 9) + letter + TENCENT.slice(10);
    const result = validateCreditCode(code);
    expect(result).toMatchObject({ ok: false, reason: 'charset', position: 10 });
    if (result.ok) throw new Error('unreachable');
    expect(result.messageZh).toBe(
      `统一社会信用代码第 10 位“${letter}”不是有效字符：只能是数字或字母 ABCDEFGHJKLMNPQRTUWXY（不使用 I、O、Z、S、V）`,
    );
    expect(result.message).toContain(`character 10 is "${letter}"`);
  });

  it('rejects a lower-case forbidden letter too (after upper-casing it is still forbidden)', () => {
    expect(validateCreditCode('91440300708461136o')).toMatchObject({ ok: false, reason: 'charset', position: 18 });
  });

  it('requires digits in the division code (positions 3–8)', () => {
    const result = validateCreditCode('9144A300708461136T');
    expect(result).toMatchObject({ ok: false, reason: 'charset', position: 5 });
    if (result.ok) throw new Error('unreachable');
    expect(result.messageZh).toBe('统一社会信用代码第 5 位“A”无效：第 3–8 位为行政区划码，只能是数字');
  });

  it('says which check character was expected and which was found', () => {
    // Looks plausible but fails the check: its 18th character should be 0.
    expect(validateCreditCode('91510100MA61R4XT8G')).toEqual({
      ok: false,
      reason: 'check_character',
      position: 18,
      message: 'Unified social credit code check character is wrong: expected 0, got G',
      messageZh: '统一社会信用代码校验位错误：应为 0，实为 G',
    });
  });

  it('rejects every single-character substitution of a valid code', () => {
    // 31 is prime and no weight is 0 mod 31, so the check must catch any one changed character.
    let mutations = 0;
    for (const valid of [TENCENT, HUAWEI]) {
      for (let i = 0; i < valid.length; i += 1) {
        for (const char of CREDIT_CODE_ALPHABET + FORBIDDEN_LETTERS.join('')) {
          if (char === valid[i]) continue;
          const mutated = valid.slice(0, i) + char + valid.slice(i + 1);
          const result = validateCreditCode(mutated);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(['charset', 'check_character']).toContain(result.reason);
          mutations += 1;
        }
      }
    }
    expect(mutations).toBe(2 * 18 * 35);
  });
});

describe('computeCheckCharacter', () => {
  it('reproduces the check characters of the published codes', () => {
    expect(computeCheckCharacter(TENCENT.slice(0, 17))).toBe('T');
    expect(computeCheckCharacter(HUAWEI.slice(0, 17))).toBe('6');
  });

  it('maps a remainder of 0 to the character 0, not to 31', () => {
    // Weighted sum of this prefix is 2573 = 31 × 83, so "31 - 0" must wrap to 0.
    expect(computeCheckCharacter('91510100MA61R4XT8')).toBe('0');
  });

  it('refuses malformed input rather than guessing', () => {
    expect(() => computeCheckCharacter('9144030070846113')).toThrow(RangeError);
    expect(() => computeCheckCharacter('9144030070846113I')).toThrow(/position 17/);
  });
});

describe('computeOrganisationCodeCheck', () => {
  it('reproduces position 17 of the published codes (GB 11714)', () => {
    expect(computeOrganisationCodeCheck('70846113')).toBe('6');
    expect(computeOrganisationCodeCheck('19220382')).toBe('1');
  });
});

describe('generateCreditCode', () => {
  it('makes valid codes for the given division, registered as an enterprise by market supervision', () => {
    for (let sequence = 0; sequence < 500; sequence += 1) {
      const code = generateCreditCode('510100', sequence);
      expect(validateCreditCode(code)).toEqual({ ok: true, code, divisionCode: '510100' });
      expect(code.slice(0, 10)).toBe('91510100MA');
      expect(computeOrganisationCodeCheck(code.slice(8, 16))).toBe(code[16]);
    }
  });

  it('is deterministic', () => {
    expect(generateCreditCode('510100', 42)).toBe(generateCreditCode('510100', 42));
    expect(generateCreditCode('510100', 0)).toBe('91510100MA49M3027H');
  });

  it('never gives two sequences the same code', () => {
    const codes = new Set<string>();
    for (let sequence = 0; sequence < 20_000; sequence += 1) codes.add(generateCreditCode('510700', sequence));
    expect(codes.size).toBe(20_000);
    const last = GENERATED_CODES_PER_DIVISION - 1;
    expect(generateCreditCode('510700', last)).not.toBe(generateCreditCode('510700', 0));
  });

  it('refuses a division code that is not 6 digits and a sequence out of range', () => {
    expect(() => generateCreditCode('5101', 1)).toThrow(RangeError);
    expect(() => generateCreditCode('51010A', 1)).toThrow(RangeError);
    expect(() => generateCreditCode('510100', -1)).toThrow(RangeError);
    expect(() => generateCreditCode('510100', 1.5)).toThrow(RangeError);
    expect(() => generateCreditCode('510100', GENERATED_CODES_PER_DIVISION)).toThrow(RangeError);
  });
});
