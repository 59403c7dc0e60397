import type { paths } from './openapi';

/**
 * The shapes the console reads, all taken from the OpenAPI document (`openapi.d.ts`, generated
 * by `npm run openapi` from the service's own decorators): when a route's answer changes, the
 * console stops type-checking instead of misreading it.
 */

type Method = 'get' | 'post' | 'put' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;

/** The JSON body of a route's success answer (200, 201 or 202). */
export type Answer<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: infer R }
    ? { [C in keyof R]: C extends 200 | 201 | 202 ? (R[C] extends { content: { 'application/json': infer B } } ? B : never) : never }[keyof R]
    : never;

/** The JSON body a route takes. */
export type Body<P extends keyof paths, M extends Method> = Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type TokenWhy = Answer<'/api/v1/audit/tokens/why', 'post'>;
export type RecordedEvent = Answer<'/api/v1/audit/families/{familyId}/events', 'get'>[number];
export type FamilyState = Answer<'/api/v1/audit/families/{familyId}/state', 'get'>;
export type SubjectFamily = Answer<'/api/v1/audit/subjects/{sub}/families', 'get'>[number];
export type Verification = Answer<'/api/v1/audit/verify', 'post'>;
export type Seal = Answer<'/api/v1/audit/seals/latest', 'get'>;
export type SealConsistency = Answer<'/api/v1/audit/seals/consistency', 'get'>;
export type EventProofAnswer = Answer<'/api/v1/audit/events/{position}/proof', 'get'>;
export type SealingKeys = Answer<'/api/v1/audit/sealing-keys', 'get'>;
export type Provenance = NonNullable<TokenWhy['decidedBy']>['provenance'];
export type Position = Seal['lastPosition'];
export type AuthorizationServer = Answer<'/api/v1/authorizationServers', 'get'>[number];
export type Client = Answer<'/api/v1/clients', 'get'>[number];
export type PolicyExplanation = Answer<'/api/v1/authorizationServers/{as}/policies/explain', 'get'>;
export type Policy = Answer<'/api/v1/authorizationServers/{as}/policies', 'get'>[number];
export type PolicyRule = Answer<'/api/v1/authorizationServers/{as}/policies/{policyId}/rules', 'get'>[number];
export type PolicyDraft = Body<'/api/v1/authorizationServers/{as}/policies/what-if', 'post'>;
export type PolicyChange = PolicyDraft['change'];
export type PolicyWhatIf = Answer<'/api/v1/authorizationServers/{as}/policies/what-if', 'post'>;
export type EffectKind = keyof PolicyWhatIf['counts'];
export type WhatIfRule = NonNullable<PolicyWhatIf['transitions'][number]['before']>;
export type Projection = Answer<'/api/v1/ops/projections', 'get'>[number];
export type UserClient = Answer<'/api/v1/users/{userId}/clients', 'get'>[number];

/** The explain form's fields (the console's own state, sent as the explain route's query). */
export interface ExplainRequest {
  authorizationServerId: string;
  clientId: string;
  grantType: string;
  scope: string;
  sub: string;
  groups: string;
}
