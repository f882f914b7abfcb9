import { LIKELY_SAME_PROBLEM, normaliseText, searchTermOf, searchTextOf, signatureOf, similarityOf, tokensOf } from '.';
import { SIGNATURE_BANDS } from './minhash';

const capacity = signatureOf(
  '变压器容量不足影响投产',
  '我司新建二期生产线，现有变压器容量不足，申请增容已两个月没有批复，影响投产。',
);
const capacityReworded = signatureOf(
  '申请电力增容迟迟未批',
  '二期产线建成后用电负荷增加，向供电公司申请变压器扩容，至今未获批复，生产线无法投产。',
);
const capacityTraditional = signatureOf(
  '變壓器容量不足影響投產',
  '我司新建二期生產線，現有變壓器容量不足，申請增容已兩個月沒有批覆，影響投產。',
);
const burntTransformer = signatureOf('厂区变压器烧毁需要抢修', '昨夜雷雨，厂区变压器烧毁，全厂停电，请求供电部门尽快抢修。');
const hiringFullWidth = signatureOf('招工难', '春节后普工缺口约１２０人，招聘会效果不好，希望人社部门帮助对接劳务输出地。');
const hiringReworded = signatureOf('普工短缺', '节后普工缺口约120人，希望人社局对接劳务输出地，组织专场招聘。');
const credit = signatureOf('企业融资难', '企业流动资金紧张，银行贷款到期后续贷困难，希望协调银行续贷。');

const sharedBands = (a: { bands: number[] }, b: { bands: number[] }) => a.bands.filter((hash, band) => b.bands[band] === hash).length;

describe('normalising appeal text', () => {
  it('folds full-width digits, letters and punctuation to half width', () => {
    expect(normaliseText('缺口约１２０人（ＡＢＣ）')).toBe('缺口约120人(abc)');
  });

  it('turns Traditional into Simplified, phrases included', () => {
    expect(normaliseText('變壓器申請遲遲沒有批覆')).toBe('变压器申请迟迟没有批复');
  });

  it('segments Chinese into words with the built-in segmenter, dropping punctuation and stop words', () => {
    expect(tokensOf('我司变压器容量不足，影响投产。')).toEqual(['变压器', '容量', '不足', '影响', '投产']);
  });
});

describe('similarity of appeal texts', () => {
  it('scores the same problem worded differently as likely the same', () => {
    expect(similarityOf(capacity.tokens, capacityReworded.tokens)).toBeGreaterThanOrEqual(LIKELY_SAME_PROBLEM);
    expect(similarityOf(hiringFullWidth.tokens, hiringReworded.tokens)).toBeGreaterThanOrEqual(LIKELY_SAME_PROBLEM);
  });

  it('keeps different problems that share words apart', () => {
    expect(similarityOf(capacity.tokens, burntTransformer.tokens)).toBeLessThan(LIKELY_SAME_PROBLEM);
    expect(similarityOf(hiringFullWidth.tokens, credit.tokens)).toBeLessThan(LIKELY_SAME_PROBLEM);
    expect(similarityOf(capacityReworded.tokens, credit.tokens)).toBeLessThan(0.1);
  });

  it('reads Traditional and Simplified texts of one problem as one text', () => {
    expect(capacityTraditional.tokens).toEqual(capacity.tokens);
    expect(capacityTraditional.bands).toEqual(capacity.bands);
  });

  it('reads full-width digits as their half-width selves', () => {
    expect(hiringFullWidth.tokens).toContain('120');
  });

  it('counts the title twice', () => {
    const { tokens } = signatureOf('停电', '厂区停电');
    expect(tokens.filter((t) => t === '停电')).toHaveLength(3);
  });
});

describe('LSH bands', () => {
  it('has one hash per band, unsigned 32-bit, the same for the same text every time', () => {
    expect(capacity.bands).toHaveLength(SIGNATURE_BANDS);
    for (const hash of capacity.bands) expect(hash >>> 0).toBe(hash);
    expect(signatureOf('变压器容量不足影响投产', '我司新建二期生产线，现有变压器容量不足，申请增容已两个月没有批复，影响投产。').bands).toEqual(
      capacity.bands,
    );
  });

  it('makes reworded same problems candidates: they share at least one band', () => {
    expect(sharedBands(capacity, capacityReworded)).toBeGreaterThan(0);
    expect(sharedBands(hiringFullWidth, hiringReworded)).toBeGreaterThan(0);
  });

  it('shares no band between unrelated problems', () => {
    expect(sharedBands(capacity, credit)).toBe(0);
    expect(sharedBands(burntTransformer, hiringReworded)).toBe(0);
  });

  it('gives a text without words no bands (never a candidate of everything)', () => {
    expect(signatureOf('，。', '！').bands).toEqual([]);
  });
});

describe('full-text terms', () => {
  it('writes every word, two-character Chinese words included, as a term of at least three characters', () => {
    const terms = searchTextOf(tokensOf('频繁停电影响生产')).split(' ');
    expect(terms.length).toBeGreaterThan(1);
    for (const term of terms) expect(term).toMatch(/^[0-9a-f]{3,80}$/);
    expect(terms).toContain(searchTermOf('停电'));
  });

  it('keeps one term per distinct word', () => {
    expect(searchTextOf(['停电', '停电', '抢修'])).toBe(`${searchTermOf('停电')} ${searchTermOf('抢修')}`);
  });
});
