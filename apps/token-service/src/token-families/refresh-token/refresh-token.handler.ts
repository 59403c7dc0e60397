import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  classifyRefresh,
  RefreshRejected,
  tokenFamilyDecider,
  tokenFamilyStreamName,
  type ActiveTokenFamily,
  type RefreshTokens,
  type TokenFamilyEvent,
  type TokenFamilyState,
} from '@ledger/domain';
import { CommandLoop, uuidv7, type GlobalPosition } from '@ledger/event-sourcing';
import { RefreshTokenCodec, type ParsedRefreshToken, type SignedTokens } from '@ledger/token-crypto';
import { CLOCK, type Clock } from '../../shared/clock';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { ConfigurationRegistry, RegistryBehindError, type AuthorizationServerView } from '../../configuration/configuration.registry';
import {
  AccessDeniedError,
  InvalidGrantError,
  InvalidScopeError,
  TemporarilyUnavailableError,
  type OAuthError,
} from '../../oauth-errors/oauth-errors';
import { toOAuthError as oauthErrorOf } from '../../oauth-errors/oauth-exception.filter';
import { LedgerMetrics, refusedRefreshOutcome } from '../../metrics/ledger-metrics';
import { TokenFamilyLoader } from '../shared/family-loader';
import { TokenMinter } from '../shared/token-minter';
import type { TokenResponse } from '../shared/token-response';
import { RefreshTokenCommand } from './refresh-token.command';
import { metadataOf } from '../../shared/request-context';

/** Okta's one public description for every refresh failure; the precise cause is the `reason`. */
export const INVALID_REFRESH_TOKEN = 'The refresh token is invalid or expired.';

/**
 * The refresh grant, top to bottom: authenticate the token string (MAC) before touching
 * storage, gather the inputs (clock, fresh ids, the successor, the server's policies) into one
 * plain command, run it through the read–decide–append loop on the family, and answer with the
 * tokens the appended event describes, signed while that event commits. Rotation, leeway
 * retries, reuse detection, expiry and the policy rule are all the decider's.
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
    private readonly metrics: LedgerMetrics,
    private readonly families: TokenFamilyLoader,
  ) {}

  /** Every refresh, over HTTP or gRPC, is counted here: `refreshed` or the reason it was refused. */
  async execute(command: RefreshTokenCommand): Promise<TokenResponse> {
    try {
      const response = await this.refresh(command);
      this.metrics.refreshAnswered('refreshed');
      return response;
    } catch (error) {
      this.metrics.refreshAnswered(refusedRefreshOutcome(oauthErrorOf(error)));
      throw error;
    }
  }

  private async refresh(command: RefreshTokenCommand): Promise<TokenResponse> {
    // Forged, truncated or foreign strings fail here, before any read: a guessed family id
    // costs the caller one HMAC and the family nothing.
    const presented = this.codec.parse(command.refreshToken);
    if (!presented) throw new InvalidGrantError(INVALID_REFRESH_TOKEN, 'unknown_token');
    // Client authentication waited for a verified registry already; this is one clock read.
    const stale = this.registry.untilFresh();
    if (stale) await stale;
    const server = this.registry.requireServer(command.authorizationServerId);
    this.minter.assertCanSign(server);
    const successor = this.codec.successorOf(presented);
    const commandId = uuidv7();
    try {
      return await this.decideRefresh(command, presented, successor, server, commandId);
    } catch (error) {
      // The family began after the point up to which the registry has read the log (issued a
      // moment ago): learn the client's status there, then decide once more.
      if (!(error instanceof RegistryBehindError)) throw error;
      await this.registry.reach(error.position);
      return this.decideRefresh(command, presented, successor, server, commandId);
    }
  }

  private async decideRefresh(
    command: RefreshTokenCommand,
    presented: ParsedRefreshToken,
    successor: ReturnType<RefreshTokenCodec['successorOf']>,
    server: AuthorizationServerView,
    commandId: string,
  ): Promise<TokenResponse> {
    const result = await this.loop
      .run({
        streamName: tokenFamilyStreamName(presented.familyId),
        decider: tokenFamilyDecider,
        load: this.families.load,
        // The family's first event says where in the log it was issued (the loader read it, or
        // the loop remembers it): the client's status there comes from the registry's history,
        // in memory, so this costs no read.
        command: (state, stream) =>
          this.refreshCommand(command, presented, successor.record, server, this.clientStatusAtIssuance(state, stream.firstPosition)),
        commandId,
        metadata: metadataOf(command.context),
        // Signing depends only on the decision, so it runs (on the signing thread) while the
        // event commits; the tokens are handed out only once the commit has succeeded.
        alongsideAppend: (events, state) => this.signRefreshedTokens(server, command.client.clientId, events, state),
      })
      .catch((error: unknown) => {
        throw error instanceof RefreshRejected ? toOAuthError(error, command.authorizationServerId) : error;
      });

    const outcome = classifyRefresh(result.events);
    // The family was revoked (reuse detection, or issued while its client was inactive), and
    // that revocation is now durable.
    if (outcome.outcome === 'issued_while_client_inactive') throw new InvalidGrantError(INVALID_REFRESH_TOKEN, 'issued_while_client_inactive');
    if (outcome.outcome !== 'refreshed') throw new InvalidGrantError(INVALID_REFRESH_TOKEN, 'reused_outside_leeway');
    // The loop shows every appended decision to `signRefreshedTokens`, which signs every refresh.
    if (!result.prepared) throw new Error('a refresh was committed without its tokens being signed');
    const refreshed = outcome.event.data;
    const state = result.state as ActiveTokenFamily;
    const { accessToken, idToken } = await result.prepared;
    return {
      access_token: accessToken,
      token_type: refreshed.accessToken.jkt !== undefined ? 'DPoP' : 'Bearer',
      expires_in: refreshed.accessToken.exp - refreshed.accessToken.iat,
      scope: (refreshed.narrowedScopes ?? state.scopes).join(' '),
      // STATIC hands back the very token presented; ROTATE the derived successor, which is also
      // what a leeway retry of the previous token must receive again.
      refresh_token: state.rotation.type === 'STATIC' ? command.refreshToken : successor.token,
      ...(idToken ? { id_token: idToken } : {}),
    };
  }

  /**
   * The family's client's status where the family began in the log, or undefined when that is
   * not known (no position, or a client the registry never saw registered before it).
   *
   * @throws RegistryBehindError when the registry has not read the log that far yet.
   */
  private clientStatusAtIssuance(state: TokenFamilyState, firstPosition: GlobalPosition | null): 'ACTIVE' | 'INACTIVE' | undefined {
    if (state.status === 'empty' || firstPosition === null) return undefined;
    const status = this.registry.clientStatusAt(state.clientId, firstPosition);
    if (status === 'not_yet_read') throw new RegistryBehindError(firstPosition);
    return status === 'unregistered' ? undefined : status;
  }

  /** The decider's input: everything it needs, read or minted now (the clock, ids, the policy). */
  private refreshCommand(
    command: RefreshTokenCommand,
    presented: ParsedRefreshToken,
    successor: RefreshTokens['data']['presented']['successor'],
    server: AuthorizationServerView,
    clientStatusAtIssuance: 'ACTIVE' | 'INACTIVE' | undefined,
  ): RefreshTokens {
    const now = this.clock.now();
    return {
      type: 'RefreshTokens',
      data: {
        presented: { id: presented.id, familyId: presented.familyId, sequence: presented.sequence, hash: presented.hash, successor },
        clientId: command.client.clientId,
        authorizationServerId: command.authorizationServerId,
        requestedScopes: command.scopes,
        accessToken: { jti: this.minter.newAccessTokenJti(presented.familyId), iat: Math.floor(now / 1000) },
        idToken: { jti: this.minter.newIdTokenJti() },
        policy: server.policy,
        now,
        maxClockSkewMs: this.config.maxClockSkewMs,
        ...(command.dpop ? { dpop: command.dpop } : {}),
        ...(clientStatusAtIssuance !== undefined ? { clientStatusAtIssuance } : {}),
      },
    };
  }

  /**
   * Signs the access token (and ID token) that a decided `TokenRefreshed` records, with the
   * claims the family fixed at issuance; nothing for a reuse revocation.
   */
  private signRefreshedTokens(
    server: AuthorizationServerView,
    clientId: string,
    events: readonly TokenFamilyEvent[],
    after: TokenFamilyState,
  ): Promise<SignedTokens> | undefined {
    const outcome = classifyRefresh(events);
    if (outcome.outcome !== 'refreshed' || after.status === 'empty') return undefined;
    const { accessToken, idToken, narrowedScopes } = outcome.event.data;
    const authTime = after.authTime ?? undefined;
    return this.minter.signTokensSoon(
      server,
      {
        subject: after.subject,
        clientId,
        scopes: narrowedScopes ?? after.scopes,
        jti: accessToken.jti,
        iat: accessToken.iat,
        exp: accessToken.exp,
        authTime,
        userId: after.userId ?? undefined,
        jkt: accessToken.jkt,
      },
      idToken
        ? { subject: after.subject, clientId, jti: idToken.jti, iat: accessToken.iat, authTime, username: after.username ?? undefined }
        : undefined,
    );
  }
}

/** A refusal of the decider as the OAuth error on the wire; the reason stays for logs and audit. */
function toOAuthError(error: RefreshRejected, authorizationServerId: string): OAuthError {
  switch (error.code) {
    case 'invalid_scope':
      return new InvalidScopeError('The requested scope is invalid, unknown, or malformed.', error.reason);
    case 'access_denied':
      return new AccessDeniedError(
        `Policy evaluation failed for this request, please check the policy configurations of authorization server '${authorizationServerId}'.`,
        error.reason,
      );
    case 'temporarily_unavailable':
      // Not the token's fault: the client keeps it and retries (RFC 6749 §5.2 allows 503 here).
      return new TemporarilyUnavailableError('The server cannot refresh this token right now; retry later.', error.reason);
    case 'invalid_grant':
      return new InvalidGrantError(INVALID_REFRESH_TOKEN, error.reason);
  }
}
