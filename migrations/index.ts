import { FoundationSchema1763800000000 } from './1763800000000-FoundationSchema';
import { SeedSichuanRegions1763800000100 } from './1763800000100-SeedSichuanRegions';
import { Enterprises1763800000200 } from './1763800000200-Enterprises';
import { Appeals1763800000300 } from './1763800000300-Appeals';
import { SeedCategories1763800000310 } from './1763800000310-SeedCategories';
import { SlaAndNotifications1763800000400 } from './1763800000400-SlaAndNotifications';
import { Supervision1763800000600 } from './1763800000600-Supervision';
import { SupervisionSpeed1763800000650 } from './1763800000650-SupervisionSpeed';
import { ConsoleSessions1763800000700 } from './1763800000700-ConsoleSessions';
import { HistoryTouchedIndex1763800000800 } from './1763800000800-HistoryTouchedIndex';
import { OpenCaseCounts1763800000900 } from './1763800000900-OpenCaseCounts';
import { ProvisionalDeadlines1763800001000 } from './1763800001000-ProvisionalDeadlines';
import { CalendarYearRoutine1763800001010 } from './1763800001010-CalendarYearRoutine';
import { AppealExternalReferences1763800001300 } from './1763800001300-AppealExternalReferences';
import { CloseStalePauses1763800001200 } from './1763800001200-CloseStalePauses';
import { OutboxAttempts1763800001210 } from './1763800001210-OutboxAttempts';
import { Projects1763800001500 } from './1763800001500-Projects';
import { WorkingGroups1763800001550 } from './1763800001550-WorkingGroups';
import { Policies1763800002100 } from './1763800002100-Policies';
import { PolicyMatchBatches1763800002110 } from './1763800002110-PolicyMatchBatches';
import { ApiClients1763800003100 } from './1763800003100-ApiClients';
import { EventFeedSequence1763800003110 } from './1763800003110-EventFeedSequence';
import { WebhookSubscriptions1763800003120 } from './1763800003120-WebhookSubscriptions';
import { ProjectAttachments1763800003300 } from './1763800003300-ProjectAttachments';
import { ProjectReportRevisions1763800003310 } from './1763800003310-ProjectReportRevisions';
import { PolicyReachSetting1763800003320 } from './1763800003320-PolicyReachSetting';
import { IntegrationsLifecycle1763800003450 } from './1763800003450-IntegrationsLifecycle';
import { VisitAppeals1763800003550 } from './1763800003550-VisitAppeals';
import { ReportProvisional1763800003700 } from './1763800003700-ReportProvisional';
import { AppealTexts1763800003850 } from './1763800003850-AppealTexts';
import { StrictSatisfactionDefault1763800003900 } from './1763800003900-StrictSatisfactionDefault';
import { ProblemClusters1763800004150 } from './1763800004150-ProblemClusters';
import { AppealDuplicates1763800004400 } from './1763800004400-AppealDuplicates';
import { CommonProblems1763800004500 } from './1763800004500-CommonProblems';
import { UnreasonableRatings1763800004600 } from './1763800004600-UnreasonableRatings';
import { IntegritySignals1763800004610 } from './1763800004610-IntegritySignals';
import { AssessmentNotices1763800004700 } from './1763800004700-AssessmentNotices';
import { CoHandlerTasks1763800004800 } from './1763800004800-CoHandlerTasks';
import { CoHandlerTaskSetting1763800004810 } from './1763800004810-CoHandlerTaskSetting';
import { AppealsEnterpriseOpen1763800004900 } from './1763800004900-AppealsEnterpriseOpen';
import { CoHandlerTaskTimers1763800005000 } from './1763800005000-CoHandlerTaskTimers';
import { TaskForces1763800005100 } from './1763800005100-TaskForces';
import { RoutingRuleTaskForces1763800005110 } from './1763800005110-RoutingRuleTaskForces';
import { VisitPlanning1763800005200 } from './1763800005200-VisitPlanning';
import { AppealTextBandsByFirm1763800005300 } from './1763800005300-AppealTextBandsByFirm';
import { CoHandlerTaskPauses1763800005310 } from './1763800005310-CoHandlerTaskPauses';
import { CoHandlerTaskAttachments1763800005320 } from './1763800005320-CoHandlerTaskAttachments';

/** Listed explicitly (not globbed) so ts-node, jest and the compiled build run the same set. */
export const migrations = [
  FoundationSchema1763800000000,
  SeedSichuanRegions1763800000100,
  Enterprises1763800000200,
  Appeals1763800000300,
  SeedCategories1763800000310,
  SlaAndNotifications1763800000400,
  Supervision1763800000600,
  SupervisionSpeed1763800000650,
  ConsoleSessions1763800000700,
  HistoryTouchedIndex1763800000800,
  OpenCaseCounts1763800000900,
  ProvisionalDeadlines1763800001000,
  CalendarYearRoutine1763800001010,
  AppealExternalReferences1763800001300,
  CloseStalePauses1763800001200,
  OutboxAttempts1763800001210,
  Projects1763800001500,
  WorkingGroups1763800001550,
  Policies1763800002100,
  PolicyMatchBatches1763800002110,
  ApiClients1763800003100,
  EventFeedSequence1763800003110,
  WebhookSubscriptions1763800003120,
  ProjectAttachments1763800003300,
  ProjectReportRevisions1763800003310,
  PolicyReachSetting1763800003320,
  IntegrationsLifecycle1763800003450,
  VisitAppeals1763800003550,
  ReportProvisional1763800003700,
  AppealTexts1763800003850,
  StrictSatisfactionDefault1763800003900,
  ProblemClusters1763800004150,
  AppealDuplicates1763800004400,
  CommonProblems1763800004500,
  UnreasonableRatings1763800004600,
  IntegritySignals1763800004610,
  AssessmentNotices1763800004700,
  CoHandlerTasks1763800004800,
  CoHandlerTaskSetting1763800004810,
  AppealsEnterpriseOpen1763800004900,
  CoHandlerTaskTimers1763800005000,
  TaskForces1763800005100,
  RoutingRuleTaskForces1763800005110,
  VisitPlanning1763800005200,
  AppealTextBandsByFirm1763800005300,
  CoHandlerTaskPauses1763800005310,
  CoHandlerTaskAttachments1763800005320,
];
