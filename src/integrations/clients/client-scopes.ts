/**
 * What a machine client's token may do. A client acts with the reach of its role and region
 * (like a person), and scopes narrow that further: an operation is open to a client only when
 * it is listed here and the token carries its scope (one of them, where
 * several are listed). Anything unlisted is refused to clients
 * (fail closed), so a new endpoint is never reachable by machines by accident.
 */
export const CLIENT_SCOPES = ['appeals:read', 'appeals:write', 'appeals:submit', 'appeals:internal', 'events:read', 'webhooks:manage'] as const;
export type ClientScope = (typeof CLIENT_SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<ClientScope, string> = {
  'appeals:read': 'Read appeals within the client’s reach (lists, detail, by reference, attachments)',
  'appeals:write': 'Submit appeals and take the actions the client’s role permits',
  'appeals:submit':
    'Submit appeals for any firm within the client’s region reach, naming the firm (a hotline or city platform passing cases on); no other action',
  'appeals:internal': 'Also see internal events (staff notes) in the feed and webhooks; without it, public events only',
  'events:read': 'Follow the change feed (GET /api/events)',
  'webhooks:manage': 'Manage the client’s own webhook subscriptions',
};

/** Operation id → the scopes of which it needs one; `[]`: any client token may call it. */
const BY_OPERATION: Record<string, readonly ClientScope[]> = {
  'me.me': [],
  'categories.list': ['appeals:read', 'appeals:submit'],
  'appeals.list': ['appeals:read'],
  'appeals.caseload': ['appeals:read'],
  'appeals.byReference': ['appeals:read'],
  'appeals.detail': ['appeals:read'],
  'attachments.download': ['appeals:read'],
  'appeals.submit': ['appeals:write', 'appeals:submit'],
  'attachments.upload': ['appeals:write'],
  'events.list': ['events:read'],
};

/** Every operation of these resources needs the scope (the appeal actions: accept, route, …). */
const BY_RESOURCE: Record<string, ClientScope> = {
  appealActions: 'appeals:write',
  webhookSubscriptions: 'webhooks:manage',
};

/** Actions on an appeal are documented as `appeals.<action>`; they live in AppealActionsController. */
export function requiredScope(operationId: string, controllerName: string): { open: boolean; scopes: readonly ClientScope[] } {
  if (operationId in BY_OPERATION) return { open: true, scopes: BY_OPERATION[operationId] };
  const resource = controllerName === 'AppealActionsController' ? 'appealActions' : operationId.split('.')[0];
  const scope = BY_RESOURCE[resource];
  return scope ? { open: true, scopes: [scope] } : { open: false, scopes: [] };
}

export function isClientScope(value: string): value is ClientScope {
  return (CLIENT_SCOPES as readonly string[]).includes(value);
}

/** RFC 6749 §3.3: a space-separated list; duplicates removed, order kept stable. */
export function parseScopeList(text: string): string[] {
  return [...new Set(text.split(' ').filter(Boolean))];
}
