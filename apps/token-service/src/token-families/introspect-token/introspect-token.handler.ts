import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { refreshTokenActivity, tokenFamilyStreamName } from '@ledger/domain';
import { CommandLoop } from '@ledger/event-sourcing';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { loadTokenFamily } from '../shared/family-loader';
import { TokenLocator } from '../shared/token-locator';
import { IntrospectTokenQuery, type IntrospectionResponse } from './introspect-token.query';

const INACTIVE: IntrospectionResponse = { active: false };

/**
 * RFC 7662 introspection, answered from the event store (the family's current revision, and
 * its first and last event unless the command loop already holds that revision's state),
 * never from a projection, so a revocation is visible on the very next call on every replica
 * (SPEC §4, §7).
 */
@QueryHandler(IntrospectTokenQuery)
export class IntrospectTokenHandler implements IQueryHandler<IntrospectTokenQuery> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
    private readonly locator: TokenLocator,
  ) {}

  async execute(query: IntrospectTokenQuery): Promise<IntrospectionResponse> {
    const server = this.registry.requireServer(query.authorizationServerId);
    const located = await this.locator.locate(server, query.token);
    if (located.kind === 'unknown') return INACTIVE;
    // The command loop's remembered state when the store's revision proves it current, else
    // the first and last events: either way the state as of the latest append.
    const { state } = await this.loop.currentState(tokenFamilyStreamName(located.familyId), loadTokenFamily);
    if (state.status !== 'active' || state.authorizationServerId !== server.id) return INACTIVE;
    const now = this.clock.now();

    if (located.kind === 'access_token') {
      const c = located.claims;
      return {
        active: true,
        scope: typeof c.scope === 'string' ? c.scope : state.scopes.join(' '),
        client_id: state.clientId,
        ...(state.username !== null ? { username: state.username } : {}),
        token_type: 'Bearer',
        exp: c.exp,
        iat: c.iat,
        sub: c.sub,
        aud: c.aud,
        iss: c.iss,
        jti: c.jti,
      };
    }

    const activity = refreshTokenActivity(
      state,
      { authorizationServerId: server.id, sequence: located.parsed.sequence, hash: located.parsed.hash },
      now,
    );
    if (!activity.active) return INACTIVE;
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
    };
  }
}
