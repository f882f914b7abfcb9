import { clusterAppeals, type PoolAppeal, signatureOf } from '.';

let nextId = 100;
function appeal(enterpriseId: number, countyCode: string, departmentId: number | null, title: string, description: string, id = (nextId += 1)): PoolAppeal {
  return { id, enterpriseId, countyCode, departmentId, ...signatureOf(title, description) };
}

const capacity = [
  appeal(1, '510104', 7, '变压器容量不足影响投产', '我司新建二期生产线，现有变压器容量不足，申请增容已两个月没有批复，影响投产。'),
  appeal(2, '510105', 7, '变压器增容申请迟迟没有批复', '新建生产线，现有变压器容量不足，申请增容两个月没有批复，影响投产。'),
  appeal(3, '510106', 8, '變壓器容量不足影響投產', '新建生產線，現有變壓器容量不足，申請增容已兩個月沒有批覆。'),
];
const hiring = [
  appeal(4, '510104', 9, '招工难', '春节后普工缺口约１２０人，招聘会效果不好，希望人社部门帮助对接劳务输出地。'),
  appeal(5, '510104', 9, '普工短缺', '节后普工缺口约120人，希望人社局对接劳务输出地，组织专场招聘。'),
];
const alone = appeal(6, '510107', 10, '企业融资难', '企业流动资金紧张，银行贷款到期后续贷困难，希望协调银行续贷。');
const sameFirmTwice = [
  appeal(11, '510108', 3, '厂区变压器烧毁需要抢修', '昨夜雷雨，厂区变压器烧毁，全厂停电，请求供电部门尽快抢修。'),
  appeal(11, '510108', 3, '厂区变压器烧毁急需抢修', '雷雨后厂区变压器烧毁，全厂停电，请供电部门尽快抢修。'),
];
const period = [...capacity, ...hiring, alone, ...sameFirmTwice];

describe('common-problem clusters', () => {
  it('groups the same problem across firms, ranked by size then spread', () => {
    const clusters = clusterAppeals(period);
    expect(clusters.map((c) => c.appealIds)).toEqual([capacity.map((a) => a.id), hiring.map((a) => a.id)]);
    expect(clusters[0]).toMatchObject({ key: capacity[0].id, firms: 3, counties: 3, departments: 2 });
    expect(clusters[1]).toMatchObject({ firms: 2, counties: 1, departments: 1 });
  });

  it('leaves out a problem raised by one firm only, however often', () => {
    const clustered = clusterAppeals(period).flatMap((c) => c.appealIds);
    expect(clustered).not.toContain(alone.id);
    for (const a of sameFirmTwice) expect(clustered).not.toContain(a.id);
  });

  it('gives the same clusters for the same period, whatever the input order', () => {
    const once = clusterAppeals(period);
    expect(clusterAppeals([...period].reverse())).toEqual(once);
    expect(clusterAppeals([...period].sort((a, b) => (a.enterpriseId * 7) % 5 - (b.enterpriseId * 7) % 5))).toEqual(once);
  });

  it('keeps a cluster’s key when appeals join it later', () => {
    const before = clusterAppeals(period);
    const later = appeal(12, '510109', 7, '二期产线变压器容量不足', '二期生产线建成，变压器容量不足需要增容，申请至今没有批复，无法投产。');
    const after = clusterAppeals([...period, later]);
    expect(after[0].key).toBe(before[0].key);
    expect(after[0].appealIds).toEqual([...capacity.map((a) => a.id), later.id]);
  });
});
