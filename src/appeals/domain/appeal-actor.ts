/** Roles a user account can have. Stored in the database as-is. */
export const USER_ROLES = ['enterprise', 'officer', 'handler', 'supervisor', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Everything that can act on an appeal: the user roles plus the timer sweep. */
export const ACTOR_ROLES = [...USER_ROLES, 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/*
 * The state machine cannot look anything up, so an actor carries just enough to place it relative
 * to one appeal. Facts the appeal snapshot already holds (its enterprise, its lead and co-handling
 * departments) are compared here from ids, so a stale flag can never disagree with the snapshot.
 * Facts that need the database (who the firm's current officer is, whether a region lies in a
 * supervisor's reach) are precomputed by the caller as booleans.
 */

export interface EnterpriseActor {
  readonly role: 'enterprise';
  readonly userId: string;
  /** The firm this user works for. */
  readonly enterpriseId: string;
}

export interface OfficerActor {
  readonly role: 'officer';
  readonly userId: string;
  /** True when this officer is the active liaison officer of the appeal's enterprise. */
  readonly isFirmOfficer: boolean;
}

export interface HandlerActor {
  readonly role: 'handler';
  readonly userId: string;
  /** The responsible department (责任单位) this handler works in. */
  readonly departmentId: string;
}

export interface SupervisorActor {
  readonly role: 'supervisor';
  readonly userId: string;
  /** True when the appeal's region is the supervisor's region or below it. */
  readonly inRegionReach: boolean;
}

export interface AdminActor {
  readonly role: 'admin';
  readonly userId: string;
}

/** The timer sweep; it has no user id because no person decided. */
export interface SystemActor {
  readonly role: 'system';
}

export type Actor = EnterpriseActor | OfficerActor | HandlerActor | SupervisorActor | AdminActor | SystemActor;

/**
 * A machine client submitting an appeal with the `appeals:submit` scope (a 12345 hotline, a city
 * platform passing on a case it took): it may submit for any firm within its region reach, which
 * the caller precomputes. It is no party to the appeal afterwards, so it exists only here.
 */
export interface ClientSubmitter {
  readonly role: 'client';
  readonly userId: string;
  /** The public client_id, recorded in the submission event. */
  readonly clientId: string;
  /** True when the firm's region is the client's region or below it. */
  readonly firmInReach: boolean;
}

/** Who may raise an appeal: the people of `Actor`, or a client passing a case on. */
export type Submitter = Actor | ClientSubmitter;
