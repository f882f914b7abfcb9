/**
 * Responsible units of the demo: the provincial task-force departments, the same families in
 * every city, and a few in each Chengdu district so county-level routing has somewhere to go.
 */
export const PROVINCE_DEPARTMENTS: Array<[name: string, short: string]> = [
  ['四川省经济和信息化厅', '省经信厅'],
  ['四川省发展和改革委员会', '省发展改革委'],
  ['四川省交通运输厅', '省交通运输厅'],
  ['四川省人力资源和社会保障厅', '省人社厅'],
  ['四川省地方金融监督管理局', '省地方金融监管局'],
  ['四川省自然资源厅', '省自然资源厅'],
  ['四川省生态环境厅', '省生态环境厅'],
  ['四川省商务厅', '省商务厅'],
  ['四川省科学技术厅', '省科技厅'],
  ['四川省财政厅', '省财政厅'],
  ['国家税务总局四川省税务局', '省税务局'],
  ['四川省市场监督管理局', '省市场监管局'],
  ['国网四川省电力公司', '省电力公司'],
  ['四川省能源局', '省能源局'],
  ['四川省住房和城乡建设厅', '省住建厅'],
  ['四川省应急管理厅', '省应急厅'],
  ['四川省卫生健康委员会', '省卫健委'],
];

export const CITY_DEPARTMENT_FAMILIES: Array<[suffix: string, short: string]> = [
  ['经济和信息化局', '经信局'],
  ['发展和改革委员会', '发改委'],
  ['交通运输局', '交通局'],
  ['人力资源和社会保障局', '人社局'],
  ['地方金融监督管理局', '金融局'],
  ['自然资源和规划局', '自然资源局'],
  ['商务局', '商务局'],
  ['税务局', '税务局'],
  ['市场监督管理局', '市场监管局'],
  ['供电公司', '供电公司'],
];

export const COUNTY_DEPARTMENT_FAMILIES: Array<[suffix: string, short: string]> = [
  ['经济科技和信息化局', '经信局'],
  ['发展和改革局', '发改局'],
  ['人力资源和社会保障局', '人社局'],
  ['市场监督管理局', '市场监管局'],
];

export const DEMO_PASSWORD = 'Qiyuan-2026';
