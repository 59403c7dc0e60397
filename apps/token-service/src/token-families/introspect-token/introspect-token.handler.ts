import { Inject, Logger } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { introspectionAccess, isAccessTokenRevoked, refreshTokenActivity, tokenFamilyStreamName, type IntrospectionAccess, type RefreshTokenActivity } from '@ledger/domain';
import { CommandLoop, type GlobalPosition } from '@ledger/event-sourcing';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { TokenFamilyLoader } from '../shared/family-loader';
import { TokenLocator } from '../shared/token-locator';
import { IntrospectTokenQuery, type IntrospectionResponse } from './introspect-token.query';

const INACTIVE: IntrospectionResponse = { active: false };

/** Why a token introspects inactive: logged at debug, never on the wire. */
type InactiveReason =
  | Extract<RefreshTokenActivity, { active: false }>['reason']
  | Extract<IntrospectionAccess, { allowed: false }>['reason']
  | 'access_token_revoked'
  | 'issued_while_client_inactive';

/**
 * RFC 7662 introspection, answered from the event store (the family's current revision, and
 * its first and last event unless the command loop already holds that revision's state),
 * never from a projection, so a revocation is visible on the very next call on every replica
 * (SPEC §4, §7).
 *
 * A public client learns only about tokens issued to itself ({@link introspectionAccess}). A
 * token it may not see answers `{ active: false }`, the body of an unknown token, after the
 * same family load a caller allowed to see it would cost, and before any check of the token's
 * status, so neither the body nor the work done tells a live token from a dead one. Every
 * inactive answer logs its reason at debug (`msg: 'introspection inactive'`).
 */
@QueryHandler(IntrospectTokenQuery)
export class IntrospectTokenHandler implements IQueryHandler<IntrospectTokenQuery> {
  private readonly logger = new Logger('Introspection');

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
    private readonly locator: TokenLocator,
    private readonly families: TokenFamilyLoader,
  ) {}

  async execute(query: IntrospectTokenQuery): Promise<IntrospectionResponse> {
    const server = this.registry.requireServer(query.authorizationServerId);
    const located = await this.locator.locate(server, query.token);
    if (located.kind === 'unknown') return this.inactive(query, 'unknown_token', null);
    const familyId = located.familyId;
    // The command loop's remembered state when the store's revision proves it current, else
    // the first and last events: either way the state as of the latest append.
    const { state, firstPosition } = await this.loop.currentState(tokenFamilyStreamName(familyId), this.families.load);
    if (state.status === 'empty') return this.inactive(query, 'unknown_token', familyId);
    if (state.authorizationServerId !== server.id) return this.inactive(query, 'wrong_authorization_server', familyId);
    // Before any check that depends on the token's status: a caller that may not see the token
    // learns nothing about it, not even whether it is revoked or expired.
    const access = introspectionAccess(query.caller, state.clientId);
    if (!access.allowed) return this.inactive(query, access.reason, familyId);
    if (state.status !== 'active') return this.inactive(query, 'family_revoked', familyId);
    // A family issued while its client was INACTIVE (by a replica behind on the deactivation)
    // is revoked by its first refresh; until then none of its tokens is active either.
    if (firstPosition !== null && (await this.issuedWhileClientInactive(state.clientId, firstPosition))) {
      return this.inactive(query, 'issued_while_client_inactive', familyId);
    }
    const now = this.clock.now();

    if (located.kind === 'access_token') {
      const c = located.claims;
      // Revoked on its own (as Okta): this token only; the family's other tokens stay active.
      if (isAccessTokenRevoked(state, String(c.jti))) return this.inactive(query, 'access_token_revoked', familyId);
      const jkt = (c.cnf as { jkt?: unknown } | undefined)?.jkt;
      return {
        active: true,
        scope: typeof c.scope === 'string' ? c.scope : state.scopes.join(' '),
        client_id: state.clientId,
        ...(state.username !== null ? { username: state.username } : {}),
        // RFC 9449 §6.2: a DPoP-bound token says so, with the key it is bound to.
        token_type: typeof jkt === 'string' ? 'DPoP' : 'Bearer',
        exp: c.exp,
        iat: c.iat,
        sub: c.sub,
        aud: c.aud,
        iss: c.iss,
        jti: c.jti,
        // As Okta's introspection: the user id of an access token minted for a person.
        ...(state.userId !== null ? { uid: state.userId } : {}),
        ...(typeof jkt === 'string' ? { cnf: { jkt } } : {}),
      };
    }

    const activity = refreshTokenActivity(
      state,
      { authorizationServerId: server.id, sequence: located.parsed.sequence, hash: located.parsed.hash },
      now,
    );
    if (!activity.active) return this.inactive(query, activity.reason, familyId);
    return {
      active: true,
      scope: state.scopes.join(' '),
      client_id: state.clientId,
      ...(state.username !== null ? { username: state.username } : {}),
      token_type: 'refresh_token',
      ...(activity.expiresAt !== null ? { exp: Math.floor(activity.expiresAt / 1000) } : {}),
      iat: Math.floor((state.rotatedAt ?? state.issuedAt) / 1000),
      sub: state.subject,
      aud: server.audiences.length === 1 ? server.audiences[0] : [...server.audiences],
      iss: server.issuer,
      jti: located.parsed.id,
      ...(state.dpopJkt !== null ? { cnf: { jkt: state.dpopJkt } } : {}),
    };
  }

  /** The client's status where the family began, from the registry (read up to there first when it is not yet). */
  private async issuedWhileClientInactive(clientId: string, firstPosition: GlobalPosition): Promise<boolean> {
    let status = this.registry.clientStatusAt(clientId, firstPosition);
    if (status === 'not_yet_read') {
      await this.registry.reach(firstPosition);
      status = this.registry.clientStatusAt(clientId, firstPosition);
    }
    return status === 'INACTIVE';
  }

  /** `{ active: false }`, the one inactive body, with its reason logged for ops. */
  private inactive(query: IntrospectTokenQuery, reason: InactiveReason, familyId: string | null): IntrospectionResponse {
    this.logger.debug({ msg: 'introspection inactive', requestId: query.requestId, clientId: query.caller.clientId, reason, familyId });
    return INACTIVE;
  }
}
