import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  classifyRefresh,
  RefreshRejected,
  tokenFamilyDecider,
  tokenFamilyStreamName,
  type Provenance,
  type RefreshTokens,
  type TokenFamilyEvent,
  type TokenFamilyState,
} from '@ledger/domain';
import { CommandLoop, uuidv7 } from '@ledger/event-sourcing';
import { RefreshTokenCodec, type SignedTokens } from '@ledger/token-crypto';
import { CLOCK, type Clock } from '../../shared/clock';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config/ledger-config';
import {
  AccessDeniedError,
  InvalidGrantError,
  InvalidScopeError,
  TemporarilyUnavailableError,
} from '../../oauth-errors/oauth-errors';
import { loadTokenFamily } from '../shared/family-loader';
import { TokenMinter } from '../shared/token-minter';
import type { TokenResponse } from '../shared/token-response';
import { RefreshTokenCommand } from './refresh-token.command';
import { metadataOf } from '../../shared/request-context';

/** Okta's one public description for every refresh failure; the precise cause is the `reason`. */
export const INVALID_REFRESH_TOKEN = 'The refresh token is invalid or expired.';

/**
 * The refresh grant: authenticate the token string (MAC) before touching storage, then one
 * read–decide–append loop on the family, signing the new tokens while their events commit.
 * Rotation, leeway retries, reuse detection and expiry are all the decider's; this handler only
 * gathers inputs and maps outcomes.
 *
 * @see RFC 6749 §6, SPEC §5
 */
@CommandHandler(RefreshTokenCommand)
export class RefreshTokenHandler implements ICommandHandler<RefreshTokenCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly codec: RefreshTokenCodec,
    private readonly registry: ConfigurationRegistry,
    private readonly minter: TokenMinter,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute(command: RefreshTokenCommand): Promise<TokenResponse> {
    const { authorizationServerId, client, context } = command;
    // Forged, truncated or foreign strings fail here, before any read: a guessed family id
    // costs the caller one HMAC and the family nothing.
    const presented = this.codec.parse(command.refreshToken);
    if (!presented) throw new InvalidGrantError(INVALID_REFRESH_TOKEN, 'unknown_token');
    const server = this.registry.requireServer(authorizationServerId);
    this.minter.assertCanSign(server);
    const now = this.clock.now();
    const iat = Math.floor(now / 1000);
    const successor = this.codec.successorOf(presented);
    const accessJti = this.minter.newAccessTokenJti(presented.familyId);
    const idJti = this.minter.newIdTokenJti();
    let accessTokenMinutes = 0;

    const build = (state: TokenFamilyState): RefreshTokens => {
      let provenance: Provenance = { authorizationServerId, policyId: '', ruleId: '', configVersion: server.configVersion };
      // The access-token lifetime comes from the configuration in force now (SPEC §2); the
      // rule is matched with the family's original grant type, subject and groups, as Okta does.
      if (state.status === 'active' && state.clientId === client.clientId && state.authorizationServerId === authorizationServerId) {
        const decision = server.evaluate({
          clientId: client.clientId,
          grantType: state.grantType,
          scopes: [...(command.scopes ?? state.scopes)],
          subject: state.subject,
          groups: state.groups ? [...state.groups] : [],
        });
        if (!decision.matched) {
          throw new AccessDeniedError(`Policy evaluation failed for this request, please check the policy configurations of authorization server '${authorizationServerId}'.`, 'no_matching_rule');
        }
        accessTokenMinutes = decision.lifetimes.accessTokenMinutes;
        provenance = { authorizationServerId, policyId: decision.policyId, ruleId: decision.ruleId, configVersion: decision.configVersion };
      }
      return {
        type: 'RefreshTokens',
        data: {
          presented: { id: presented.id, familyId: presented.familyId, sequence: presented.sequence, hash: presented.hash, successor: successor.record },
          clientId: client.clientId,
          authorizationServerId,
          requestedScopes: command.scopes,
          accessToken: { jti: accessJti, iat, exp: iat + accessTokenMinutes * 60 },
          idToken: { jti: idJti },
          accessTokenLifetimeMinutes: accessTokenMinutes,
          provenance,
          now,
          maxClockSkewMs: this.config.maxClockSkewMs,
        },
      };
    };

    // The tokens depend only on the decision, so they are signed (on the signing thread) while
    // its events are committed; they are handed out only once the commit has succeeded.
    const signAlongside = (events: TokenFamilyEvent[], after: TokenFamilyState): Promise<SignedTokens> | undefined => {
      const outcome = classifyRefresh(events);
      if (outcome.outcome !== 'refreshed' || after.status === 'empty') return undefined;
      const refreshed = outcome.event.data;
      return this.minter.signTokensSoon(
        server,
        {
          subject: after.subject,
          clientId: client.clientId,
          scopes: refreshed.narrowedScopes ?? after.scopes,
          jti: refreshed.accessToken.jti,
          iat: refreshed.accessToken.iat,
          exp: refreshed.accessToken.exp,
          authTime: after.authTime ?? undefined,
        },
        refreshed.idToken
          ? {
              subject: after.subject,
              clientId: client.clientId,
              jti: refreshed.idToken.jti,
              iat: refreshed.accessToken.iat,
              authTime: after.authTime ?? undefined,
              username: after.username ?? undefined,
            }
          : undefined,
      );
    };

    let result;
    try {
      result = await this.loop.run({
        streamName: tokenFamilyStreamName(presented.familyId),
        decider: tokenFamilyDecider,
        load: loadTokenFamily,
        command: build,
        commandId: uuidv7(),
        metadata: metadataOf(context),
        alongsideAppend: signAlongside,
      });
    } catch (error) {
      if (error instanceof RefreshRejected) {
        if (error.code === 'invalid_scope') {
          throw new InvalidScopeError('The requested scope is invalid, unknown, or malformed.', error.reason);
        }
        if (error.code === 'temporarily_unavailable') {
          // Not the token's fault: the client keeps it and retries (RFC 6749 §5.2 allows 503 here).
          throw new TemporarilyUnavailableError('The server cannot refresh this token right now; retry later.', error.reason);
        }
        throw new InvalidGrantError(INVALID_REFRESH_TOKEN, error.reason);
      }
      throw error;
    }

    const outcome = classifyRefresh(result.events);
    if (outcome.outcome !== 'refreshed') {
      // The family was revoked by reuse detection and that revocation is now durable.
      throw new InvalidGrantError(INVALID_REFRESH_TOKEN, 'reused_outside_leeway');
    }
    // `signAlongside` signs every refresh it is shown; the loop shows it every appended decision.
    if (!result.prepared) throw new Error('a refresh was committed without its tokens being signed');
    const refreshed = outcome.event.data;
    const state = result.state as Exclude<TokenFamilyState, { status: 'empty' }>;
    const scopes = refreshed.narrowedScopes ?? state.scopes;
    const { accessToken, idToken } = await result.prepared;
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: refreshed.accessToken.exp - refreshed.accessToken.iat,
      scope: scopes.join(' '),
      // STATIC hands back the very token presented; ROTATE the derived successor, which is also
      // what a leeway retry of the previous token must receive again.
      refresh_token: state.rotation.type === 'STATIC' ? command.refreshToken : successor.token,
      ...(idToken ? { id_token: idToken } : {}),
    };
  }
}
