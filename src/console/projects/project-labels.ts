import { INDUSTRY_LABELS } from '../../projects/dto/project.dto';

/** Chinese words of the projects and groups pages, passed to the templates (the shared vocabulary is the appeals'). */
export const PROJECT_LABELS = {
  industry: INDUSTRY_LABELS,
  level: { province: '省级', city: '市级', county: '县级' },
  levelThreshold: { province: '默认≥50亿', city: '默认≥10亿', county: '默认≥1亿' },
  cadence: { week: '每周', xun: '每旬', month: '每月' },
  light: { green: '正常', yellow: '临期', red: '超期' },
  ladder: { none: '—', reminder: '催办', supervision: '督办', yellow_card: '黄牌', red_card: '红牌' },
  action: {
    create: '纳入清单',
    update: '修改信息',
    stage_change: '阶段变更',
    milestone_add: '新增节点',
    milestone_done: '节点完成',
    milestone_remind: '节点催办',
    milestone_supervise: '节点督办',
    milestone_yellow_card: '节点黄牌',
    milestone_red_card: '节点红牌',
    milestone_due_recomputed: '时限重算',
    report: '进展报送',
    appeal_link: '关联诉求',
    attach: '上传佐证材料',
    milestone_update: '修改节点',
    enterprises_change: '调整项目业主',
    report_correct: '更正报送',
  },
  measureStatus: { planned: '计划', in_progress: '推进中', done: '已完成', cancelled: '已取消' },
  duty: { leader: '组长', deputy: '副组长', member: '成员', liaison: '联络员' },
  visitForm: { on_site: '实地', phone: '电话', online: '线上' },
} as const;
