import type { Random } from './random';

/** Titles per category code; a suffix makes most of them distinct, as real appeals are. */
export const TITLES: Record<string, string[]> = {
  energy: ['用能指标不足影响扩产', '能源要素保障协调'],
  energy_power: ['园区线路频繁停电影响生产', '申请增加用电负荷指标', '专变增容报装进度慢', '峰谷电价执行有误'],
  energy_coal: ['电煤库存不足需协调调运', '自备电厂用煤运输受阻'],
  energy_gas: ['天然气供应不足需协调气源', '工业用气价格上调过快'],
  labour: ['一线普工招工难', '急需技术工人培训支持', '高校毕业生招聘对接', '外地务工人员返岗协调'],
  financing: ['流动资金贷款续贷困难', '申请应急转贷资金', '技改项目贷款贴息申请', '知识产权质押融资咨询'],
  logistics: ['原材料运输车辆通行受阻', '铁路专用线运力不足', '出口集装箱订舱困难'],
  supply_chain_break: ['关键零部件断供需协调上游企业', '芯片供应中断影响整机交付', '主要原料供应商停产'],
  land_approval: ['技改项目环评审批进度慢', '新厂房用地规划许可办理', '施工许可证办理咨询', '建设用地指标不足'],
  market: ['希望对接本地采购需求', '参加省外展会补助申请', '产品进入政府采购目录咨询'],
  policy: ['技改补贴资金未兑现', '稳岗返还政策咨询', '首台套保险补偿申请', '专精特新奖励资金拨付'],
  arrears: ['政府项目工程款拖欠', '国企采购货款长期未付', '质保金到期未退还'],
  fees: ['涉企检查收费不合理', '园区物业收费标准过高', '中介服务收费过高'],
  tax: ['留抵退税办理咨询', '研发费用加计扣除政策咨询', '出口退税进度慢'],
  technology: ['申报专精特新需要辅导', '企业技术中心认定咨询', '产学研合作对接'],
  emergency: ['暴雨导致厂区受淹需协助', '突发事件影响正常生产'],
  other: ['厂区周边道路维修', '员工子女入学协调', '园区公交线路调整建议'],
};

const DESCRIPTION_OPENINGS = [
  '我公司近期在生产经营中遇到以下困难：',
  '经联络专员走访了解，企业反映：',
  '企业负责人来电反映：',
  '根据企业填报的诉求：',
];

const DESCRIPTION_BODIES = [
  '该问题已持续两周以上，直接影响订单按期交付，企业多次与相关单位沟通未果，恳请协调解决。',
  '企业已按要求提交全部材料，但办理进度缓慢，目前项目建设处于停滞状态，希望尽快推动。',
  '问题涉及多个部门，企业不清楚应向哪个部门申请，希望明确牵头单位和办理时限。',
  '受此影响企业本月产值预计下降约百分之十五，部分员工面临停工待岗。',
  '企业希望了解相关政策的适用条件和申报流程，并请主管部门给予辅导。',
];

const DESCRIPTION_ASKS = ['请予以协调。', '盼复。', '恳请尽快解决。', '请相关部门给予支持。'];

export function description(random: Random): string {
  return `${random.pick(DESCRIPTION_OPENINGS)}${random.pick(DESCRIPTION_BODIES)}${random.pick(DESCRIPTION_ASKS)}`;
}

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '胡',
  '朱',
  '郭',
  '何',
  '罗',
  '高',
  '林',
  '邓',
  '谢',
  '唐',
  '冯',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '建华',
  '志强',
  '晓燕',
  '婷',
];

export function personName(random: Random): string {
  return `${random.pick(SURNAMES)}${random.pick(GIVEN)}${random.chance(0.4) ? random.pick(GIVEN) : ''}`.slice(0, 4);
}

const NAME_WORDS = [
  '华西',
  '蜀达',
  '天府',
  '锦程',
  '川能',
  '巴蜀',
  '岷江',
  '峨眉',
  '嘉陵',
  '青城',
  '金沙',
  '蓉欧',
  '西岭',
  '长虹',
  '宏达',
  '东方',
  '新希望',
  '通威',
  '明珠',
  '恒通',
];
const INDUSTRY_NAME: Record<string, string[]> = {
  electronic_information: ['电子科技', '智能科技', '微电子', '光电科技'],
  equipment_manufacturing: ['重型机械', '装备制造', '精密机械', '汽车零部件'],
  food_beverage: ['食品', '酒业', '茶业', '调味品'],
  advanced_materials: ['新材料', '钒钛科技', '复合材料', '玻纤'],
  energy_chemicals: ['化工', '新能源', '天然气化工', '锂业'],
  digital_economy: ['数字科技', '信息技术', '软件', '大数据'],
  other: ['实业', '建材', '纺织', '包装'],
};

export function enterpriseName(random: Random, placeName: string, industry: string, index: number): string {
  const place = placeName.replace(/(市|区|县|自治县|自治州)$/, '').slice(0, 4);
  return `${place}${random.pick(NAME_WORDS)}${random.pick(INDUSTRY_NAME[industry] ?? INDUSTRY_NAME.other)}有限公司（${index}）`;
}

export const PARKS = ['经济技术开发区', '高新技术产业园区', '工业集中发展区', '现代产业园', null, null];

export function phone(random: Random): string {
  return `1${random.pick(['33', '35', '38', '39', '50', '58', '80', '86', '89'])}${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
}
