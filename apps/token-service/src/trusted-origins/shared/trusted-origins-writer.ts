import { Inject, Injectable } from '@nestjs/common';
import { trustedOriginsDecider, trustedOriginsStreamName, type TrustedOriginCommand, type TrustedOriginsState } from '@ledger/domain';
import { CommandLoop } from '@ledger/event-sourcing';
import { randomUUID } from 'node:crypto';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { metadataOf, type RequestContext } from '../../shared/request-context';
import { loadTrustedOrigins } from './trusted-origins-reader';

/**
 * The one read–decide–append loop every trusted-origin change runs, stamped with the clock and
 * the caller. Answers once this replica's registry has applied the events, so the CORS check
 * sees the change as soon as the caller has the response.
 */
@Injectable()
export class TrustedOriginsWriter {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
  ) {}

  async run(build: (stamp: { now: number; actor: string }) => TrustedOriginCommand, context: RequestContext): Promise<TrustedOriginsState> {
    const result = await this.loop.run({
      streamName: trustedOriginsStreamName(),
      decider: trustedOriginsDecider,
      load: loadTrustedOrigins,
      command: build({ now: this.clock.now(), actor: context.actor }),
      commandId: randomUUID(),
      metadata: metadataOf(context),
    });
    if (result.position) await this.registry.waitFor(result.position);
    return result.state;
  }
}
