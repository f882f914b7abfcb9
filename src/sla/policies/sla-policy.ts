import type { LimitUnit } from '../domain/deadline';

export type Urgency = 'normal' | 'urgent';
export type PolicyLevel = 'county' | 'city' | 'province';

/** One version of an SLA policy. Rows are never edited: a new version supersedes the old row. */
export interface SlaPolicyRow {
  id: number;
  categoryId: number | null;
  urgency: Urgency;
  level: PolicyLevel | null;
  policyVersion: number;
  responseAmount: number;
  responseUnit: LimitUnit;
  resolutionDays: number;
  resolutionDaysCohandled: number;
  verificationDays: number;
}

export interface SlaPolicyRecord extends SlaPolicyRow {
  createdBy: number | null;
  createdAt: Date;
  supersededAt: Date | null;
}
