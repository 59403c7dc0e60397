/**
 * The shapes of the API answers the console reads, as docs/audit.md, docs/ops.md and
 * docs/management.md describe them.
 */

export interface Provenance {
  authorizationServerId: string;
  policyId: string;
  ruleId: string;
  configVersion: number;
}

export interface RevocationJson {
  reason: string;
  requestedBy: string;
  revokedAt: string;
  tokenId: string | null;
}

/** `POST /api/v1/audit/tokens/why`. */
export interface TokenWhy {
  active: boolean;
  reason: string | null;
  evaluatedAt: string;
  tokenType: 'refresh_token' | 'access_token' | null;
  tokenId: string | null;
  familyId: string | null;
  authorizationServerId: string | null;
  clientId: string | null;
  subject: string | null;
  mintedAt: string | null;
  expiresAt: string | null;
  rotatedOutAt: string | null;
  leewayRetryUntil: string | null;
  revocation: RevocationJson | null;
  decidedBy: {
    accessTokenLifetimeMinutes?: number;
    refreshTokenLifetimeMinutes?: number;
    refreshTokenWindowMinutes?: number;
    rotation?: { type: string; leewaySeconds: number };
    provenance: Provenance;
    decidedAt: string;
  } | null;
}

/** One event of `GET /api/v1/audit/families/{familyId}/events`. */
export interface RecordedEvent {
  streamName: string;
  revision: string;
  position: { commit: string; prepare: string };
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recordedAt: string;
  personal?: { subjectRef: string; subject: string; username?: string; userId?: string; groups?: string[]; erased: boolean };
}

/** `GET /api/v1/audit/families/{familyId}/state?at=`. */
export interface FamilyState {
  familyId: string;
  at: string;
  semantics: string;
  status: string;
  active: boolean;
  reason: string | null;
  revocation: RevocationJson | null;
  family: {
    authorizationServerId: string;
    clientId: string;
    subject: string;
    scopes: string[];
    grantType: string;
    issuedAt: string;
    rotation: { type: string; leewaySeconds: number };
  } | null;
  currentRefreshToken: { id: string; sequence: number; expiresAt: string | null; idleExpiresAt: string | null; absoluteExpiresAt: string | null } | null;
  leewayRetry: { tokenId: string; until: string } | null;
  lifetimes: { refreshTokenMinutes: number; refreshTokenWindowMinutes: number; provenance: Provenance; decidedAt: string } | null;
  accessToken: { jti: string; issuedAt: string; expiresAt: string; active: boolean; lifetimeMinutes: number; provenance: Provenance; decidedAt: string } | null;
  eventsConsidered: { revision: string; type: string; at: string | null; recordedAt: string }[];
  eventsAfter: number;
}

/** One family of `GET /api/v1/audit/subjects/{sub}/families`. */
export interface SubjectFamily {
  familyId: string;
  authorizationServerId: string;
  clientId: string;
  grantType: string;
  scopes: string[];
  issuedAt: string;
  provenance: Provenance;
  status: string;
  reason: string | null;
  revokeReason: string | null;
}

/** `POST /api/v1/audit/verify` (whole log, or `?stream=`). */
export interface Verification {
  ok: boolean;
  stream: string | null;
  streamsChecked: number;
  eventsChecked: number;
  firstBreak?: { streamName: string; revision: string; kind: string; expected: string | null; actual: string | null };
  head?: { streamName: string; revision: string; hash: string };
  seals?: {
    ok: boolean;
    checked: number;
    latest?: { revision: string; treeSize: number; rootHash: string; lastPosition: Position; sealedAt: number; keyId: string; sealHash: string } | null;
    firstBreak?: { revision: string; treeSize: number; kind: string; expected: string | null; actual: string | null };
  };
  removed?: { recorded: number; streams: number; stillStored: number; invalid?: number };
  gaps?: { checked: boolean; ok: boolean; missing: number };
  unsealed?: { leaves: number; fromPosition: Position | null; toPosition: Position | null };
}

/** A position in the global log, decimal strings. */
export interface Position {
  commit: string;
  prepare: string;
}

/** `GET /api/v1/audit/seals/latest`. `sealedAt` in epoch milliseconds, as the seal signs it. */
export interface Seal {
  sealVersion: number;
  treeSize: number;
  rootHash: string;
  lastPosition: Position;
  previousSealHash: string | null;
  sealedAt: number;
  keyId: string;
  jws: string;
  revision: string;
  position: Position;
  sealHash: string;
}

/** One server of `GET /api/v1/authorizationServers`. */
export interface AuthorizationServer {
  id: string;
  name: string;
  status: string;
  scopes?: string[];
}

/** One client of `GET /api/v1/clients`. */
export interface Client {
  client_id: string;
  client_name?: string;
  grant_types?: string[];
}

/** `GET /api/v1/authorizationServers/{as}/policies/explain`. */
export interface PolicyExplanation {
  authorizationServerId: string;
  configVersion: number;
  request: { clientId: string; grantType: string; scopes: string[]; sub?: string; groups: string[] };
  matched: boolean;
  reason?: string;
  policy: { id: string; name: string } | null;
  rule: { id: string; name: string } | null;
  lifetimes: { accessTokenLifetimeMinutes: number; refreshTokenLifetimeMinutes: number; refreshTokenWindowMinutes: number } | null;
  explanation: { policyId: string; policyName: string; ruleId?: string; ruleName?: string; matched: boolean; failedCondition?: string; detail: string }[];
}

/** The request the explain form sends. */
export interface ExplainRequest {
  authorizationServerId: string;
  clientId: string;
  grantType: string;
  scope: string;
  sub: string;
  groups: string;
}

/** One projection of `GET /api/v1/ops/projections`. */
export interface Projection {
  name: string;
  readModels: string[];
  state: string;
  generation: number;
  checkpoint: string | null;
  eventsApplied: number;
  lastAppliedRecordedAt: string | null;
  lagEvents: number;
  lagEventsCapped: boolean;
  lagSeconds: number;
  lastError: string | null;
  rebuild: { generation: number; state: string; startedAt: string | null; eventsApplied: number; error: string | null } | null;
  lastRebuild: { generation: number; startedAt: string; finishedAt: string } | null;
}

/** One client of `GET /api/v1/users/{userId}/clients` (Okta's shape). */
export interface UserClient {
  client_id: string;
  client_name?: string;
}

/** One policy of `GET /api/v1/authorizationServers/{as}/policies` (Okta's shape, as far as the console reads it). */
export interface Policy {
  id: string;
  name: string;
  priority: number;
  status: string;
  system?: boolean;
  [field: string]: unknown;
}

/** One rule of `GET …/policies/{policyId}/rules`. */
export interface PolicyRule {
  id: string;
  name: string;
  priority: number;
  status: string;
  [field: string]: unknown;
}

export type PolicyChange =
  | 'createPolicy'
  | 'updatePolicy'
  | 'activatePolicy'
  | 'deactivatePolicy'
  | 'deletePolicy'
  | 'createRule'
  | 'updateRule'
  | 'activateRule'
  | 'deactivateRule'
  | 'deleteRule';

/** Body of `POST …/policies/what-if`: one unsaved change. */
export interface PolicyDraft {
  change: PolicyChange;
  policyId?: string;
  ruleId?: string;
  policy?: unknown;
  rule?: unknown;
  maxExamples?: number;
}

export type EffectKind = 'unchanged' | 'accessTokenLifetimeChanged' | 'movesToAnotherRule' | 'stopsMatching' | 'startsMatching' | 'stillUnmatched';

/** A rule a family's next refresh would match, with its `actions.token`. */
export interface WhatIfRule {
  policyId: string;
  policyName: string;
  ruleId: string;
  ruleName: string;
  accessTokenLifetimeMinutes: number;
  refreshTokenLifetimeMinutes: number;
  refreshTokenWindowMinutes: number;
}

/** `POST …/policies/what-if`: what the draft would do to the live families at their next refresh. */
export interface PolicyWhatIf {
  authorizationServerId: string;
  draft: { change: PolicyChange; policyId?: string; ruleId?: string };
  configVersion: number;
  draftConfigVersion: number;
  evaluatedAt: string;
  familiesExamined: number;
  counts: Record<EffectKind, number>;
  transitions: { kind: EffectKind; families: number; before: WhatIfRule | null; after: WhatIfRule | null }[];
  clients: { clientId: string; families: number; affected: number; counts: Record<EffectKind, number> }[];
  maxExamplesPerKind: number;
  examples: { kind: EffectKind; familyId: string; clientId: string; subject: string; issuedAt: string; before: WhatIfRule | null; after: WhatIfRule | null }[];
}
