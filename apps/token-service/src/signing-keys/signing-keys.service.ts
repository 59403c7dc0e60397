import { Inject, Injectable } from '@nestjs/common';
import { signingKeysDecider, signingKeysStreamName } from '@ledger/domain';
import { CommandLoop, fullFoldLoader } from '@ledger/event-sourcing';
import { createJwks, SigningKeyStore, type JwtSigner, type PublicJwk, type PublicJwks, type SigningKey } from '@ledger/token-crypto';
import { randomUUID } from 'node:crypto';
import { CLOCK, type Clock } from '../shared/clock';

interface ServerKeys {
  readonly active: SigningKey;
  readonly all: readonly SigningKey[];
  readonly publicKeys: readonly PublicJwk[];
  readonly jwks: PublicJwks;
}

/**
 * Holds each authorization server's signing keys in memory for the hot path (signing on
 * refresh, verifying on introspection), loading them from the key store at start and creating
 * the first one when a server has none. Each key's public half is recorded as a
 * `SigningKeyCreated` event; the private half stays in the key store's 0600 files.
 */
@Injectable()
export class SigningKeysService {
  private readonly servers = new Map<string, ServerKeys>();

  constructor(
    private readonly store: SigningKeyStore,
    private readonly loop: CommandLoop,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Loads (or creates) the keys of an authorization server and records any unrecorded one. */
  async ensure(authorizationServerId: string): Promise<void> {
    const { key: active } = await this.store.loadOrCreateActiveKey(authorizationServerId, new Date(this.clock.now()));
    const all = await this.store.listKeys(authorizationServerId);
    for (const key of all) {
      await this.loop.run({
        streamName: signingKeysStreamName(authorizationServerId),
        decider: signingKeysDecider,
        load: fullFoldLoader(signingKeysDecider),
        command: {
          type: 'RecordSigningKey',
          data: { authorizationServerId, kid: key.kid, alg: key.alg, publicJwk: { ...key.publicJwk }, createdAt: key.createdAt.getTime() },
        },
        commandId: `signing-key:${authorizationServerId}:${key.kid}:${randomUUID()}`,
        metadata: { actor: 'system:key-store' },
      });
    }
    const publicKeys = all.map((k) => k.publicJwk);
    this.servers.set(authorizationServerId, { active, all, publicKeys, jwks: createJwks(publicKeys) });
  }

  /** The signer of the server's active key. */
  signerFor(authorizationServerId: string): JwtSigner {
    return this.require(authorizationServerId).active.signer;
  }

  /** Every public key a verifier may still need (the `keys` endpoint and introspection). */
  publicKeys(authorizationServerId: string): readonly PublicJwk[] {
    return this.require(authorizationServerId).publicKeys;
  }

  /** The JWKS document of the server. */
  jwks(authorizationServerId: string): PublicJwks {
    return this.require(authorizationServerId).jwks;
  }

  private require(authorizationServerId: string): ServerKeys {
    const keys = this.servers.get(authorizationServerId);
    if (!keys) throw new Error(`signing keys of authorization server ${authorizationServerId} are not loaded`);
    return keys;
  }
}
