/**
 * Measures the pool's clustering (#16, clusterAppeals) in memory on APPEALS synthetic appeals of a
 * period: 40 problem templates, each told with random words left out and a firm-specific tail,
 * spread over firms and counties. Prints the time to sign the texts and to cluster them.
 *
 *   npx ts-node --transpile-only test/bench/problem-clusters-measure.ts [--appeals=50000]
 */
import { clusterAppeals, type PoolAppeal, signatureOf } from '../../src/common-problems/domain';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const APPEALS = arg('appeals', 50_000);
const PHRASES = ['变压器容量不足', '申请增容', '迟迟没有批复', '普工缺口', '招聘困难', '银行续贷', '流动资金紧张', '园区道路破损', '污水管网', '环评审批', '土地证办理', '天然气限供', '物流成本高', '出口退税慢', '社保补贴', '厂房租金', '消防验收', '电价上涨', '原材料涨价', '拖欠货款'];
let seed = 42;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);

const appeals: PoolAppeal[] = [];
let t = performance.now();
for (let i = 0; i < APPEALS; i += 1) {
  const template = Math.floor(random() * 40);
  const words = [0, 1, 2, 3].map((k) => PHRASES[(template * 3 + k * 7) % PHRASES.length]).filter(() => random() > 0.2);
  const firm = Math.floor(random() * 16_000);
  appeals.push({ id: i + 1, enterpriseId: firm, countyCode: String(510100 + (firm % 180)), departmentId: template % 17, ...signatureOf(words.slice(0, 2).join(''), `${words.join('，')}，影响生产经营，第${firm}号厂区。`) });
}
const signed = performance.now() - t;
t = performance.now();
const clusters = clusterAppeals(appeals);
console.log(`${APPEALS} appeals: signatures ${signed.toFixed(0)} ms, clustering ${(performance.now() - t).toFixed(0)} ms, ${clusters.length} clusters, largest ${clusters[0]?.appealIds.length}`);
