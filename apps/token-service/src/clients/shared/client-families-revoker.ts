import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandLoop } from '@ledger/event-sourcing';
import { CLOCK, type Clock } from '../../shared/clock';
import { revokeFamily } from '../../token-families/shared/revoke-family';
import { TokenFamilyLoader } from '../../token-families/shared/family-loader';
import type { RequestContext } from '../../shared/request-context';
import { FamiliesFinder } from '../../projections/families-finder';

/** Families revoked side by side; bounds the load one admin call puts on the store. */
const CONCURRENCY = 16;

/** What {@link ClientFamiliesRevoker.revokeAll} did. */
export interface RevokedFamilies {
  /** Families of the client found (in the read model, or in the log when it cannot be complete). */
  readonly found: number;
  /** Families this call revoked (the others were already revoked, so nothing was appended). */
  readonly revoked: number;
}

/**
 * Revokes every family of a client (`TokenRevoked`, reason `client_disabled`) through the
 * normal revoke path: the command loop, the token-family decider and `RevokeFamily`, one
 * family at a time with optimistic concurrency, so it races correctly with refreshes.
 *
 * Idempotent and resumable: revoking a revoked family decides no events, so a call that
 * crashed half-way is finished by calling it again (the lifecycle endpoints always run it,
 * even when the client was already disabled).
 */
@Injectable()
export class ClientFamiliesRevoker {
  private readonly logger = new Logger(ClientFamiliesRevoker.name);

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly families: FamiliesFinder,
    private readonly loader: TokenFamilyLoader,
  ) {}

  async revokeAll(clientId: string, context: RequestContext): Promise<RevokedFamilies> {
    let found = 0;
    let revoked = 0;
    for await (const page of this.families.pages({ clientId }, this.clock.now())) {
      found += page.length;
      for (let i = 0; i < page.length; i += CONCURRENCY) {
        const results = await Promise.all(page.slice(i, i + CONCURRENCY).map((familyId) => this.revoke(familyId, clientId, context)));
        revoked += results.filter(Boolean).length;
      }
    }
    this.logger.log({ msg: 'client families revoked', clientId, found, revoked, requestId: context.requestId });
    return { found, revoked };
  }

  private async revoke(familyId: string, clientId: string, context: RequestContext): Promise<boolean> {
    return revokeFamily(
      this.loop,
      this.loader.load,
      {
        familyId,
        reason: 'client_disabled',
        requestedBy: context.actor,
        // The search already matched the client; this makes the decider agree before acting.
        onlyForClientId: clientId,
        now: this.clock.now(),
      },
      context,
    );
  }
}
