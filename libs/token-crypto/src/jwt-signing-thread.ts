import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { signTokenPair, type SignedTokens } from './es256-jws';

const WORKER_FILE = join(__dirname, 'jwt-signing.worker.js');

/** One token response to sign, as it crosses to the thread (see `jwt-signing.worker.js`). */
type Job = [keyId: number, accessHeader: string, accessJson: string, idHeader: string, idJson: string | null];

/** A job and what its caller waits on; the key stays here too, to sign here if the thread fails. */
interface Pending {
  readonly job: Job;
  readonly privateKey: KeyObject;
  readonly resolve: (tokens: SignedTokens) => void;
  readonly reject: (error: Error) => void;
}

type SignedJob = [accessToken: string, idToken: string | null] | string;

/** A job the signing thread could not sign (e.g. a key it was never given). */
class JwtSigningFailed extends Error {
  readonly code = 'jwt_signing_failed' as const;
  constructor(reason: string) {
    super(`signing failed: ${reason}`);
    this.name = 'JwtSigningFailed';
  }
}

/** Options of {@link JwtSigningThread.start}. */
export interface JwtSigningThreadOptions {
  /** Told once if the thread dies; from then on everything is signed on the calling thread. */
  readonly onFailure?: (error: Error) => void;
}

/**
 * A worker thread that signs token responses (ES256, `es256-jws.js`), so the ~40 µs of a
 * refresh's two signatures leave the event loop. It pays off because the caller starts the
 * signing as soon as the claims are decided, *while* their events are committed: the thread
 * signs during the fsync and the response is written once both are done. Signing on a thread
 * after the commit instead added the thread's round trip to every request and answered no more
 * of them; signing beside the commit took the refresh bench from ~5,500/s to ~6,500/s.
 *
 * The jobs of one event-loop turn travel as one message (flushed by `setImmediate`, as the
 * event store batches its appends) and come back as one, in order. Claims travel as JSON text.
 * Each private key is sent to the thread once, as a `KeyObject`; the thread keeps it in memory
 * only.
 *
 * If the thread dies, the jobs in flight and every later one are signed on the calling thread:
 * a dead signing thread costs speed, never a request.
 */
export class JwtSigningThread {
  /** Null once the thread failed or was closed. (Not `#private`: specs kill the thread.) */
  private worker: Worker | null;
  readonly #keyIds = new WeakMap<KeyObject, number>();
  #nextKeyId = 1;
  #queued: Pending[] = [];
  /** Posted batches not answered yet, oldest first. */
  readonly #inFlight: Pending[][] = [];
  #flushScheduled = false;
  #closed = false;
  /** Set by `close` while it waits for the batches in flight. */
  #drained: (() => void) | null = null;
  readonly #onFailure?: (error: Error) => void;

  private constructor(worker: Worker, options: JwtSigningThreadOptions) {
    this.worker = worker;
    this.#onFailure = options.onFailure;
    worker.on('message', (signed: SignedJob[]) => this.#settle(signed));
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', (code) => this.#fail(new Error(`signing thread exited with code ${code}`)));
    // The thread never keeps the process alive: whoever waits on a signature does.
    worker.unref();
  }

  /** Starts the thread. */
  static start(options: JwtSigningThreadOptions = {}): JwtSigningThread {
    if (!existsSync(WORKER_FILE)) throw new Error(`signing thread script missing: ${WORKER_FILE}`);
    return new JwtSigningThread(new Worker(WORKER_FILE, { execArgv: [] }), options);
  }

  /** Whether jobs still go to the thread (false once it failed or was closed). */
  get running(): boolean {
    return this.worker !== null;
  }

  /**
   * Signs an access token and, when `idJson` is given, the ID token whose `at_hash` is that
   * access token's (as `signTokenPair`). Callers go through `JwtSigner.signTokensOn`.
   */
  submit(privateKey: KeyObject, accessHeader: string, accessJson: string, idHeader: string, idJson: string | undefined): Promise<SignedTokens> {
    const worker = this.worker;
    if (!worker) {
      try {
        return Promise.resolve(signTokenPair(privateKey, accessHeader, accessJson, idHeader, idJson));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    const job: Job = [this.#keyIdOf(worker, privateKey), accessHeader, accessJson, idHeader, idJson ?? null];
    return new Promise<SignedTokens>((resolve, reject) => {
      this.#queued.push({ job, privateKey, resolve, reject });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Stops the thread once the jobs already submitted are signed. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const worker = this.worker;
    if (!worker) return;
    this.#flush();
    if (this.#inFlight.length > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
    this.worker = null;
    await worker.terminate();
  }

  #keyIdOf(worker: Worker, privateKey: KeyObject): number {
    let keyId = this.#keyIds.get(privateKey);
    if (keyId === undefined) {
      keyId = this.#nextKeyId++;
      this.#keyIds.set(privateKey, keyId);
      worker.postMessage({ type: 'key', keyId, privateKey });
    }
    return keyId;
  }

  #flush(): void {
    this.#flushScheduled = false;
    if (this.#queued.length === 0 || !this.worker) return;
    const batch = this.#queued;
    this.#queued = [];
    this.#inFlight.push(batch);
    this.worker.postMessage({ type: 'sign', jobs: batch.map((p) => p.job) });
  }

  #settle(signed: SignedJob[]): void {
    const batch = this.#inFlight.shift();
    if (!batch) return;
    for (let i = 0; i < batch.length; i++) {
      const result = signed[i];
      if (typeof result === 'string') batch[i].reject(new JwtSigningFailed(result));
      else batch[i].resolve(result[1] === null ? { accessToken: result[0] } : { accessToken: result[0], idToken: result[1] });
    }
    if (this.#inFlight.length === 0) this.#drained?.();
  }

  /** Signs what is in flight or queued here, on this thread; so is every later job. */
  #fail(error: Error): void {
    if (!this.worker) return;
    this.worker = null;
    if (!this.#closed) this.#onFailure?.(error);
    const stranded = [...this.#inFlight.splice(0).flat(), ...this.#queued.splice(0)];
    for (const p of stranded) {
      const [, accessHeader, accessJson, idHeader, idJson] = p.job;
      try {
        p.resolve(signTokenPair(p.privateKey, accessHeader, accessJson, idHeader, idJson));
      } catch (signingError) {
        p.reject(signingError as Error);
      }
    }
    this.#drained?.();
  }
}
