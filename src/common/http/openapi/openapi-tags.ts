/** The document's tags, each explained; a controller's @ApiTags must use one of these. */
export const API_TAGS = [
  { name: 'health', description: 'Liveness and readiness probes for load balancers and orchestrators' },
  { name: 'auth', description: 'Sign-in for people (access and refresh tokens), the signed-in account' },
  { name: 'regions', description: 'Administrative divisions (GB/T 2260 codes): province, city, county' },
  { name: 'departments', description: 'Government departments that handle appeals, per region' },
  { name: 'users', description: 'Accounts and their roles (admin)' },
  { name: 'enterprises', description: 'The firms served, their data and file imports' },
  { name: 'officers', description: 'Liaison officers (包联干部): assigning firms, history, handover' },
  { name: 'coverage', description: 'How well officers cover their firms (visits, unassigned firms)' },
  { name: 'visits', description: 'Visits to firms (走访): planned with the firm’s answer, merged when two units clash in a week, logged and confirmed by the firm' },
  { name: 'appeals', description: 'Appeals (诉求) from firms: submit, list, read, verify the event chain' },
  { name: 'appeal actions', description: 'The closed loop: accept, route, sign, resolve, verify and the other actions on one appeal' },
  { name: 'categories', description: 'Appeal categories' },
  { name: 'routing', description: 'Routing rules proposing the lead department per category and region' },
  { name: 'sla', description: 'Time limits: the sweep that moves warning lights and raises overdue appeals' },
  { name: 'sla-policies', description: 'Time-limit policies per category (working days per stage)' },
  { name: 'calendar', description: 'The working-day calendar (holidays, make-up working days) deadlines are counted on' },
  { name: 'supervision-orders', description: 'Supervision orders (督办) issued on appeals and their replies' },
  { name: 'co-handler-tasks', description: 'Co-handler tasks (协办任务): what each co-handling department owes on an appeal, by when, and its answer' },
  { name: 'task-forces', description: 'Task forces (专班): named groups of departments of any level that routing or a supervisor brings into an appeal as co-handlers' },
  { name: 'supervision', description: 'Queues, metrics, rankings, dashboards, frozen monthly reports and exports for supervisors' },
  { name: 'common-problems', description: 'The common-problem pool (共性问题池): clusters of similar appeals across firms, named common problems, topics' },
  { name: 'policies', description: 'Support policies (惠企政策): eligibility rules, matching firms, delivery to each firm' },
  { name: 'projects', description: 'Key projects (重点项目, 五未): pipeline stages, responsibility lists, milestones, progress reports' },
  { name: 'groups', description: 'Working groups (五个一 包联): a city’s problem ledger, 销号, service measures, visits, dashboards' },
  { name: 'notifications', description: 'The signed-in user’s notifications' },
  { name: 'settings', description: 'Deployment-wide settings (admin)' },
  {
    name: 'integrations',
    description: 'Other systems: machine clients (OAuth 2.0 client credentials), the change feed, webhook subscriptions',
  },
];

export const API_SERVERS = [{ url: '/', description: 'This deployment (the paths below are absolute from its root)' }];

/** Resource names for operation ids where a controller's class name is not the resource. */
const RESOURCES: Record<string, string> = {
  AppealActionsController: 'appeals',
  LikelyDuplicatesController: 'appeals',
  EnterpriseImportController: 'enterprises',
  MeController: 'me',
  RoutingController: 'routingRules',
  SlaSweepController: 'slaSweep',
  QueuesController: 'supervisionQueues',
  MetricsController: 'supervisionMetrics',
  ExportsController: 'supervisionExports',
  AttachmentsController: 'attachments',
  TokenController: 'oauth',
  FeedController: 'events',
  SubscriptionsController: 'webhookSubscriptions',
  ProblemPoolController: 'commonProblemPool',
  VisitPlansController: 'visits',
};

/** `SlaPoliciesController` → `slaPolicies`. */
export function resourceOf(controllerKey: string): string {
  const name = RESOURCES[controllerKey] ?? controllerKey.replace(/Controller$/, '');
  return name.charAt(0).toLowerCase() + name.slice(1);
}
