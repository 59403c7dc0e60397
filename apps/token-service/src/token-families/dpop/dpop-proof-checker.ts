import { Inject, Injectable } from '@nestjs/common';
import type { DpopProofKey } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { DpopNonces, JwtVerificationFailed, verifyDpopProof } from '@ledger/token-crypto';
import type { AuthorizationServerView, ClientView } from '../../configuration/configuration.registry';
import { InvalidDpopProofError, UseDpopNonceError } from '../../oauth-errors/oauth-errors';
import { CLOCK, type Clock } from '../../shared/clock';
import type { RequestContext } from '../../shared/request-context';
import { loadSecretKeyForRefreshTokens } from '../../signing-keys/refresh-token-key';
import { DpopProofReplayGuard } from './dpop-proof-replay';

const INVALID_PROOF = 'The DPoP proof JWT is invalid.';

/**
 * The token endpoint's DPoP checks (RFC 9449 §4.3, §5): the one `DPoP` header verified against
 * this endpoint's URL (`<issuer>/v1/token`, the URL discovery advertises and `htu` must name,
 * whatever Host the request came in on, as for the issuer), the server nonce when required,
 * then the `jti` recorded so the proof cannot be replayed. Answers the key the tokens are
 * bound to, or `undefined` when the request carries no proof and the client does not need one.
 */
@Injectable()
export class DpopProofChecker {
  private readonly replay: DpopProofReplayGuard;
  private readonly nonces: DpopNonces | null;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) store: EventStore,
  ) {
    this.replay = new DpopProofReplayGuard(store);
    this.nonces = config.dpop.nonceRequired ? new DpopNonces(loadSecretKeyForRefreshTokens(config), config.dpop.nonceLifetimeSeconds) : null;
  }

  /**
   * Whether {@link check} has anything to do: a request without a proof from a client that
   * needs none costs nothing more than before DPoP existed.
   */
  static applies(header: string | string[] | undefined, client: ClientView): boolean {
    return header !== undefined || client.dpopBoundAccessTokens;
  }

  async check(
    header: string | string[] | undefined,
    server: AuthorizationServerView,
    client: ClientView,
    context: RequestContext,
  ): Promise<DpopProofKey | undefined> {
    if (header === undefined) {
      // RFC 9449 §5.2: a client registered with dpop_bound_access_tokens must always prove.
      if (client.dpopBoundAccessTokens) throw new InvalidDpopProofError('The DPoP proof JWT header is missing.', 'dpop_proof_missing');
      return undefined;
    }
    // §4.3 item 1: exactly one DPoP header (Node joins nothing for unknown headers: an array).
    if (typeof header !== 'string' || header.includes(',')) {
      throw new InvalidDpopProofError('Exactly one DPoP proof JWT header is required.', 'dpop_multiple_proofs');
    }
    const now = this.clock.now();
    let proof;
    try {
      proof = await verifyDpopProof(header, {
        method: 'POST',
        url: `${server.issuer}/v1/token`,
        currentDate: new Date(now),
        maxAgeSeconds: this.config.dpop.proofMaxAgeSeconds,
        clockToleranceSeconds: this.config.dpop.clockToleranceSeconds,
      });
    } catch (error) {
      if (error instanceof JwtVerificationFailed) {
        // The code names the check (jwt_expired, jwt_claim_invalid (htu)...), never the proof.
        throw new InvalidDpopProofError(INVALID_PROOF, 'dpop_proof_invalid', error.message);
      }
      throw error;
    }
    if (this.nonces && (proof.nonce === undefined || !this.nonces.accepts(proof.nonce, now))) {
      throw new UseDpopNonceError(this.nonces.current(now));
    }
    const firstUse = await this.replay.recordFirstUse({ clientId: client.clientId, jkt: proof.jkt, jti: proof.jti, iat: proof.iat }, context);
    if (!firstUse) throw new InvalidDpopProofError(INVALID_PROOF, 'dpop_proof_replayed');
    return { jkt: proof.jkt, publicClient: client.tokenEndpointAuthMethod === 'none' };
  }
}
