import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { tokenFamilyDecider, tokenFamilyStreamName, type IssueTokens } from '@ledger/domain';
import { SubjectKeys } from '@ledger/audit';
import { CommandLoop, uuidv7 } from '@ledger/event-sourcing';
import { randomId, RefreshTokenCodec } from '@ledger/token-crypto';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { LedgerIntegrity } from '../../integrity/ledger-integrity';
import {
  AccessDeniedError,
  InvalidRequestError,
  InvalidScopeError,
  UnauthorizedClientError,
} from '../../oauth-errors/oauth-errors';
import { CLOCK, type Clock } from '../../shared/clock';
import { TokenFamilyLoader } from '../shared/family-loader';
import { TokenMinter } from '../shared/token-minter';
import type { TokenResponse } from '../shared/token-response';
import { IssueTokensCommand } from './issue-tokens.command';
import { metadataOf } from '../../shared/request-context';

/**
 * Issues a new family: checks the client and scopes, resolves the lifetimes from the first
 * matching access-policy rule, records `TokenIssued` (with that rule as provenance) and signs.
 * A refresh token is minted only for `offline_access` and a client allowed the refresh grant.
 */
@CommandHandler(IssueTokensCommand)
export class IssueTokensHandler implements ICommandHandler<IssueTokensCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly codec: RefreshTokenCodec,
    private readonly registry: ConfigurationRegistry,
    private readonly minter: TokenMinter,
    private readonly families: TokenFamilyLoader,
    private readonly subjectKeys: SubjectKeys,
    private readonly integrity: LedgerIntegrity,
  ) {}

  async execute(command: IssueTokensCommand): Promise<TokenResponse> {
    const { authorizationServerId, subject, grantType, context, options } = command;
    // Trusted issuance (HTTP and gRPC) too waits for a ledger that verifies.
    this.integrity.requireIntact();
    // The client's status and the policy are read from a registry verified within the bound.
    const stale = this.registry.untilFresh();
    if (stale) await stale;
    const server = this.registry.requireServer(authorizationServerId);
    const client = this.registry.getClient(command.clientId);
    if (!client || client.status !== 'ACTIVE') {
      throw new InvalidRequestError('The client is unknown or inactive.', 'unknown_client');
    }
    if (!client.grantTypes.includes(grantType)) {
      throw new UnauthorizedClientError('The client is not authorized to use the provided grant type.', 'grant_type_not_allowed');
    }
    const unknown = command.scopes.filter((s) => !server.scopes.includes(s));
    if (unknown.length > 0) {
      // Okta's words; the submitted scopes are not echoed.
      throw new InvalidScopeError('One or more scopes are not configured for the authorization server resource.', 'unknown_scope');
    }
    // Okta grants offline_access only to clients allowed the refresh grant; otherwise it is
    // dropped from the grant rather than failing the login.
    const scopes = command.scopes.filter((s) => s !== 'offline_access' || client.grantTypes.includes('refresh_token'));
    const decision = server.evaluate({
      clientId: client.clientId,
      grantType,
      scopes: [...scopes],
      subject,
      groups: options.groups ? [...options.groups] : [],
    });
    if (!decision.matched) {
      throw new AccessDeniedError(
        `Policy evaluation failed for this request, please check the policy configurations of authorization server '${server.id}'.`,
        'no_matching_rule',
      );
    }
    // RFC 9449 §5.2: such a client's tokens are always DPoP-bound, so the login service must
    // say which key the client proved (`dpop_jkt`, as RFC 9449 §10 for the authorization code).
    if (client.dpopBoundAccessTokens && options.dpopJkt === undefined) {
      throw new InvalidRequestError('The client requires DPoP-bound tokens: dpop_jkt is required.', 'dpop_jkt_required');
    }
    this.minter.assertCanSign(server);
    const now = this.clock.now();
    const iat = Math.floor(now / 1000);
    const familyId = randomId(16);
    const refresh = scopes.includes('offline_access') ? this.codec.mint(familyId) : null;
    const withIdToken = scopes.includes('openid') && grantType !== 'client_credentials';
    const issue: IssueTokens = {
      type: 'IssueTokens',
      data: {
        familyId,
        authorizationServerId,
        clientId: client.clientId,
        subject,
        ...(options.username !== undefined ? { username: options.username } : {}),
        ...(options.userId !== undefined ? { userId: options.userId } : {}),
        ...(options.groups !== undefined ? { groups: [...options.groups] } : {}),
        scopes,
        grantType,
        refreshToken: refresh ? refresh.record : null,
        accessToken: { jti: this.minter.newAccessTokenJti(familyId), iat, exp: iat + decision.lifetimes.accessTokenMinutes * 60 },
        idToken: withIdToken ? { jti: this.minter.newIdTokenJti() } : null,
        lifetimes: decision.lifetimes,
        rotation: { type: client.refreshToken.rotationType, leewaySeconds: client.refreshToken.leeway },
        provenance: { authorizationServerId, policyId: decision.policyId, ruleId: decision.ruleId, configVersion: decision.configVersion },
        ...(options.authTime !== undefined ? { authTime: options.authTime } : {}),
        now,
        // The decider binds a public client's refresh tokens to the key too (RFC 9449 §5).
        ...(options.dpopJkt !== undefined ? { dpop: { jkt: options.dpopJkt, publicClient: client.tokenEndpointAuthMethod === 'none' } } : {}),
      },
    };
    // The claims are all known now: the tokens are signed (on the signing thread) while the
    // event is committed, as a refresh's are, and handed out only once it is.
    const signing = this.minter.signTokensSoon(
      server,
      {
        subject,
        clientId: client.clientId,
        scopes,
        jti: issue.data.accessToken.jti,
        iat,
        exp: issue.data.accessToken.exp,
        authTime: options.authTime,
        userId: options.userId,
        jkt: options.dpopJkt,
      },
      issue.data.idToken
        ? { subject, clientId: client.clientId, jti: issue.data.idToken.jti, iat, authTime: options.authTime, username: options.username }
        : undefined,
    );
    // If the append fails, nobody awaits the signatures.
    signing.catch(() => undefined);
    // The subject's data key (made and recorded on its first issuance) is read now, so the
    // loop encrypts the personal fields from memory.
    await this.subjectKeys.prepare(subject);
    await this.loop.run({
      streamName: tokenFamilyStreamName(familyId),
      decider: tokenFamilyDecider,
      load: this.families.load,
      command: issue,
      commandId: uuidv7(),
      metadata: metadataOf(context),
    });
    const { accessToken, idToken } = await signing;
    return {
      access_token: accessToken,
      token_type: options.dpopJkt !== undefined ? 'DPoP' : 'Bearer',
      expires_in: decision.lifetimes.accessTokenMinutes * 60,
      scope: scopes.join(' '),
      ...(refresh ? { refresh_token: refresh.token } : {}),
      ...(idToken ? { id_token: idToken } : {}),
    };
  }
}
