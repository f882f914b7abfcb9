import { searchTextOf, signatureOf, similarityOf } from '.';
import {
  type AppealToCluster,
  type BucketRepresentative,
  bucketOf,
  type ClusteringStep,
  clusterNewAppeals,
  REPRESENTATIVES_PER_BUCKET,
  similarityOfSets,
} from './incremental-clusters';

/** The appeal as the job reads it: the stored FULLTEXT terms and bands. */
function appeal(id: number, title: string, description: string): AppealToCluster {
  const signature = signatureOf(title, description);
  return { id, terms: searchTextOf(signature.tokens).split(' '), bands: signature.bands };
}

/** What the database keeps between runs, applied the way the repository writes a step. */
class Store {
  members = new Map<number, number>();
  reps: BucketRepresentative[] = [];
  terms = new Map<number, readonly string[]>();

  run(batch: readonly AppealToCluster[]): ClusteringStep {
    const wanted = new Set(batch.flatMap((a) => a.bands.map((hash, band) => bucketOf(band, hash))));
    const representatives = new Map<string, BucketRepresentative[]>();
    for (const rep of [...this.reps].sort((x, y) => x.appealId - y.appealId)) {
      const key = bucketOf(rep.band, rep.hash);
      if (!wanted.has(key)) continue;
      representatives.set(key, [...(representatives.get(key) ?? []), rep]);
    }
    const step = clusterNewAppeals(batch, { representatives, termsOf: this.terms });
    for (const merge of step.merges) {
      for (const [id, key] of this.members) if (key === merge.from) this.members.set(id, merge.to);
      for (const rep of this.reps) if (rep.clusterKey === merge.from) rep.clusterKey = merge.to;
    }
    for (const a of step.assignments) this.members.set(a.appealId, a.clusterKey);
    for (const rep of step.representatives) this.reps.push({ ...rep });
    for (const a of batch) this.terms.set(a.id, a.terms);
    return step;
  }

  clusters(): number[][] {
    const groups = new Map<number, number[]>();
    for (const [id, key] of [...this.members].sort((x, y) => x[0] - y[0])) groups.set(key, [...(groups.get(key) ?? []), id]);
    return [...groups.values()].filter((g) => g.length > 1);
  }
}

const texts: AppealToCluster[] = [
  appeal(1, '变压器容量不足影响投产', '我司新建二期生产线，现有变压器容量不足，申请增容已两个月没有批复，影响投产。'),
  appeal(2, '招工难', '春节后普工缺口约１２０人，招聘会效果不好，希望人社部门帮助对接劳务输出地。'),
  appeal(3, '变压器增容申请迟迟没有批复', '新建生产线，现有变压器容量不足，申请增容两个月没有批复，影响投产。'),
  appeal(4, '企业融资难', '企业流动资金紧张，银行贷款到期后续贷困难，希望协调银行续贷。'),
  appeal(5, '普工短缺', '节后普工缺口约120人，希望人社局对接劳务输出地，组织专场招聘。'),
  appeal(6, '厂区变压器烧毁需要抢修', '昨夜雷雨，厂区变压器烧毁，全厂停电，请求供电部门尽快抢修。'),
  appeal(7, '變壓器容量不足影響投產', '新建生產線，現有變壓器容量不足，申請增容已兩個月沒有批覆。'),
  appeal(8, '二期产线变压器容量不足', '二期生产线建成，变压器容量不足需要增容，申请至今没有批复，无法投产。'),
];

describe('incremental common-problem clustering', () => {
  it('puts the same problem worded differently (and in Traditional script) together, and different problems sharing words apart', () => {
    const store = new Store();
    store.run(texts);
    expect(store.clusters()).toEqual([
      [1, 3, 7, 8],
      [2, 5],
    ]);
    expect(store.members.get(6)).toBe(6);
    expect(store.members.get(4)).toBe(4);
  });

  it('gives the same clusters in batches of any size as in one run: only new appeals are compared', () => {
    const once = new Store();
    once.run(texts);
    for (const size of [1, 2, 3, 5]) {
      const batched = new Store();
      for (let i = 0; i < texts.length; i += size) batched.run(texts.slice(i, i + size));
      expect([...batched.members].sort((x, y) => x[0] - y[0])).toEqual([...once.members].sort((x, y) => x[0] - y[0]));
    }
  });

  it('changes nothing when a run finds nothing new, and keeps keys when appeals join later', () => {
    const store = new Store();
    store.run(texts.slice(0, 6));
    const before = new Map(store.members);
    expect(store.run([])).toEqual({ assignments: [], merges: [], representatives: [] });
    store.run(texts.slice(6));
    for (const [id, key] of before) expect(store.members.get(id)).toBe(key);
    expect(store.members.get(8)).toBe(1);
  });

  it('merges two existing clusters an appeal bridges into the smaller key', () => {
    const store = new Store();
    // a falls in bucket (band 0, hash 1), b in (band 0, hash 5) and (band 1, hash 2).
    store.run([
      { id: 10, terms: ['甲', '乙', '丙', '丁'], bands: [1] },
      { id: 11, terms: ['戊', '己', '庚', '辛'], bands: [5, 2] },
      { id: 14, terms: ['戊', '己', '庚', '辛', '壬'], bands: [5] },
    ]);
    expect(store.members.get(14)).toBe(11);
    const step = store.run([{ id: 20, terms: ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛'], bands: [1, 2] }]);
    expect(step.merges).toEqual([{ from: 11, to: 10 }]);
    expect([10, 11, 14, 20].map((id) => store.members.get(id))).toEqual([10, 10, 10, 10]);
    expect(store.reps.every((r) => r.clusterKey === 10)).toBe(true);
  });

  it('keeps at most REPRESENTATIVES_PER_BUCKET representatives a bucket, one per cluster', () => {
    const store = new Store();
    const crowd = Array.from({ length: 40 }, (_, i) => ({ id: 100 + i, terms: [`词${i}`, `语${i}`], bands: [7] }));
    store.run(crowd);
    expect(store.reps.filter((r) => r.band === 0 && r.hash === 7)).toHaveLength(REPRESENTATIVES_PER_BUCKET);
    const same = Array.from({ length: 5 }, (_, i) => ({ id: 200 + i, terms: ['停电', '抢修'], bands: [8] }));
    store.run(same);
    expect(store.reps.filter((r) => r.hash === 8)).toHaveLength(1);
    expect(store.clusters()).toContainEqual([200, 201, 202, 203, 204]);
  });

  it('re-scores word sets as similarityOf does on distinct words', () => {
    const left = ['变压器', '容量', '不足', '增容'];
    const right = ['变压器', '增容', '批复'];
    expect(similarityOfSets(new Set(left), new Set(right))).toBeCloseTo(similarityOf(left, right), 12);
    expect(similarityOfSets(new Set(), new Set(right))).toBe(0);
  });
});
