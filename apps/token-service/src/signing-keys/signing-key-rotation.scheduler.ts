import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  signingKeyRotationStep,
  signingKeysDecider,
  signingKeysStreamName,
  type SigningKeysCommand,
  type SigningKeysState,
  type SigningSettings,
} from '@ledger/domain';
import { CommandLoop, EVENT_STORE, EventStoreUnavailableError, fullFoldLoader, type EventStore } from '@ledger/event-sourcing';
import { KeyEncryptionKeyRing } from '@ledger/token-crypto';
import { randomUUID } from 'node:crypto';
import { ConfigurationRegistry } from '../configuration/configuration.registry';
import { CLOCK, type Clock } from '../shared/clock';
import { SigningKeysService } from './signing-keys.service';
import { newSigningKey } from './new-signing-key';

/**
 * Longest single timer: Node caps timers at ~24.8 days, and a wall clock that was set or
 * drifted is caught up with at least daily.
 */
const MAX_TIMER_MS = 86_400_000;

/** After a failed step (event store down), try again this much later. */
const RETRY_AFTER_FAILURE_MS = 60_000;

/**
 * Carries out the rotation the signing settings call for (AUTO rotation's publication of the
 * NEXT key and its activation; an algorithm change's immediate rotation). What is due, and
 * when, is decided by the signing-keys decider from the folded key stream, the server's
 * settings and the clock; this only runs it: at start, when a server's configuration changes,
 * and on one timer set for the earliest step any server has due (not a poll). Replicas race
 * harmlessly: each append expects the stream revision it decided on, the loser re-decides on
 * the winner's events and finds nothing left to do (its key, never recorded, is dropped).
 */
@Injectable()
export class SigningKeyRotationScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SigningKeyRotationScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closing = false;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly loop: CommandLoop,
    private readonly ring: KeyEncryptionKeyRing,
    private readonly keys: SigningKeysService,
    private readonly registry: ConfigurationRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.registry.onServerChanged(() => void this.runDue());
    void this.runDue();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Runs every step due now on every server, then sets the timer for the next one. Concurrent
   * calls share a run (and one more follows when one came in during it). Resolves when done.
   */
  runDue(): Promise<void> {
    if (this.closing) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = (async () => {
      do {
        this.again = false;
        await this.runOnce();
      } while (this.again && !this.closing);
    })().finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  private async runOnce(): Promise<void> {
    let earliest: number | null = null;
    for (const authorizationServerId of this.registry.authorizationServerIds()) {
      let dueAt: number | null;
      try {
        dueAt = await this.stepsFor(authorizationServerId);
      } catch (error) {
        this.logger.warn({
          msg: 'signing key rotation failed; it is tried again',
          authorizationServerId,
          error: error instanceof Error ? error.message : String(error),
        });
        dueAt = this.clock.now() + RETRY_AFTER_FAILURE_MS;
        if (error instanceof EventStoreUnavailableError) earliest = Math.min(earliest ?? dueAt, dueAt);
      }
      if (dueAt !== null) earliest = Math.min(earliest ?? dueAt, dueAt);
    }
    this.schedule(earliest);
  }

  /** Runs what is due for one server; resolves to when its next step is due (or `null`). */
  private async stepsFor(authorizationServerId: string): Promise<number | null> {
    const streamName = signingKeysStreamName(authorizationServerId);
    // Two steps at most in one run: an overdue action, then the time of the following one.
    for (let attempt = 0; attempt < 3; attempt++) {
      const signing = this.registry.signingSettingsOf(authorizationServerId);
      const { state } = await fullFoldLoader(signingKeysDecider)(this.store, streamName);
      const now = this.clock.now();
      const step = signingKeyRotationStep(state, signing, now);
      if (step.action === 'none') {
        // Another replica took the step first: sign with its key now rather than within 30 s.
        if (!sameKeys(this.keys.cachedState(authorizationServerId), state)) await this.keys.refresh(authorizationServerId);
        return step.dueAt;
      }
      await this.loop.run({
        streamName,
        decider: signingKeysDecider,
        load: fullFoldLoader(signingKeysDecider),
        command: await this.commandFor(step.action, authorizationServerId, signing, now),
        commandId: `signing-key-rotation:${authorizationServerId}:${step.action}:${randomUUID()}`,
        metadata: { actor: 'system:key-rotation' },
      });
      await this.keys.refresh(authorizationServerId);
      this.logger.log({ msg: 'signing key rotation step', authorizationServerId, action: step.action, rotationMode: signing.rotationMode, algorithm: signing.algorithm });
    }
    return this.clock.now() + RETRY_AFTER_FAILURE_MS;
  }

  private async commandFor(
    action: 'replace' | 'publish' | 'activate',
    authorizationServerId: string,
    signing: SigningSettings,
    now: number,
  ): Promise<SigningKeysCommand> {
    if (action === 'activate') return { type: 'ActivateNextSigningKey', data: { authorizationServerId, signing, now } };
    // The private half travels wrapped in the key's own event (as for a manual rotation).
    const key = await newSigningKey(this.ring, authorizationServerId, now, signing.algorithm);
    return action === 'replace'
      ? { type: 'ReplaceSigningKeyAlgorithm', data: { authorizationServerId, key, signing, now } }
      : { type: 'PublishNextSigningKey', data: { authorizationServerId, key, signing, now } };
  }

  private schedule(dueAt: number | null): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (dueAt === null || this.closing) return;
    const delay = Math.min(Math.max(dueAt - this.clock.now(), 0), MAX_TIMER_MS);
    this.timer = setTimeout(() => void this.runDue(), delay);
    this.timer.unref();
  }
}

function sameKeys(cached: SigningKeysState | null, read: SigningKeysState): boolean {
  return cached !== null && cached.activeKid === read.activeKid && cached.keys.length === read.keys.length;
}
