import { Inject, Injectable, Logger } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { signingKeysDecider, signingKeysStreamName, type RecordSigningKey, type RewrapSigningKey } from '@ledger/domain';
import { CommandLoop, EVENT_STORE, EventStoreUnavailableError, fullFoldLoader, type EventStore } from '@ledger/event-sourcing';
import { KeyEncryptionKeyRing, readLegacyKeyDirectory, removeLegacyKeyFolder, type LegacyKeyFolder, type LegacySigningKey } from '@ledger/token-crypto';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { ConfigurationRegistry } from '../configuration/configuration.registry';

const load = fullFoldLoader(signingKeysDecider);

/**
 * Imports, once, the key directory of the versions that kept private signing keys in plaintext
 * files (`<dataDir>/keys/<as>/<kid>.json`), then removes the files: no private key stays on disk.
 *
 * Per authorization server, each recorded key whose event has no wrapped private half gets
 * `SigningKeyRewrapped` with it (wrapped under the current key-encryption key); a server with no
 * recorded key yet gets its newest key file recorded as its first key, as the old key store
 * would have used it. Files of keys never recorded (a rotation whose append failed) never
 * signed anything and are dropped. The files go only once every append for their server has
 * succeeded, so a crash mid-import repeats it on the next start, and the commands are
 * idempotent, so replicas importing one shared directory at once record each key once. A folder
 * with an unreadable or insecure file is reported and left as it is.
 */
@Injectable()
export class LegacyKeyDirectoryImport {
  private readonly logger = new Logger(LegacyKeyDirectoryImport.name);

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly loop: CommandLoop,
    private readonly ring: KeyEncryptionKeyRing,
    private readonly registry: ConfigurationRegistry,
  ) {}

  /** The old key directory: `<dataDir>/keys`. */
  get directory(): string {
    return path.join(this.config.dataDir, 'keys');
  }

  /**
   * Runs the import; resolves to the keys recorded per server, and the servers whose folder could
   * not be imported: those must not get a new first key (the operator fixes the file, e.g.
   * `chmod 600`, and restarts), so the caller skips them as servers without keys.
   *
   * @throws {EventStoreUnavailableError} the store cannot be reached (the start fails; files stay).
   */
  async run(): Promise<{ imported: { authorizationServerId: string; kids: string[] }[]; failed: string[] }> {
    const imported: { authorizationServerId: string; kids: string[] }[] = [];
    const failed: string[] = [];
    for (const folder of await readLegacyKeyDirectory(this.directory, this.ring)) {
      if (folder.failure) {
        this.logger.error({
          msg: 'the old key directory of an authorization server cannot be imported; its files are left in place',
          authorizationServerId: folder.authorizationServerId,
          error: folder.failure.message,
        });
        failed.push(folder.authorizationServerId);
        continue;
      }
      try {
        const kids = await this.importFolder(folder);
        removeLegacyKeyFolder(folder);
        imported.push({ authorizationServerId: folder.authorizationServerId, kids });
        this.logger.log({
          msg: 'imported the old key directory into the signing-key events (private keys wrapped) and removed its files',
          authorizationServerId: folder.authorizationServerId,
          kidsImported: kids,
          filesRemoved: folder.files.length,
          kekId: this.ring.current.id,
        });
      } catch (error) {
        if (error instanceof EventStoreUnavailableError) throw error;
        this.logger.error({
          msg: 'the old key directory of an authorization server could not be imported; its files are left in place',
          authorizationServerId: folder.authorizationServerId,
          error: error instanceof Error ? error.message : String(error),
        });
        failed.push(folder.authorizationServerId);
      }
    }
    return { imported, failed };
  }

  private async importFolder(folder: LegacyKeyFolder): Promise<string[]> {
    const { authorizationServerId } = folder;
    const streamName = signingKeysStreamName(authorizationServerId);
    const { state } = await load(this.store, streamName);
    const commands: (RecordSigningKey | RewrapSigningKey)[] = [];
    if (state.activeKid === null) {
      const first = this.firstKeyOf(folder);
      if (first) commands.push({ type: 'RecordSigningKey', data: { authorizationServerId, ...recordable(first) } });
    }
    for (const legacy of folder.keys) {
      const recorded = state.keys.find((key) => key.kid === legacy.key.kid);
      if (!recorded || recorded.wrappedPrivateKey !== undefined) continue;
      commands.push({
        type: 'RewrapSigningKey',
        data: { authorizationServerId, kid: legacy.key.kid, wrappedPrivateKey: legacy.wrappedPrivateKey, kekId: legacy.kekId },
      });
    }
    const kids: string[] = [];
    for (const command of commands) {
      const { events } = await this.loop.run({
        streamName,
        decider: signingKeysDecider,
        load,
        command,
        commandId: `signing-key-import:${authorizationServerId}:${randomUUID()}`,
        metadata: { actor: 'system:key-import' },
      });
      if (events.length > 0) kids.push(command.data.kid);
    }
    return kids;
  }

  /** The key the old store would have signed with: the newest of the configured algorithm, else the newest. */
  private firstKeyOf(folder: LegacyKeyFolder): LegacySigningKey | undefined {
    const algorithm = this.registry.signingSettingsOf(folder.authorizationServerId).algorithm;
    return folder.keys.filter((legacy) => legacy.key.alg === algorithm).at(-1) ?? folder.keys.at(-1);
  }
}

function recordable(legacy: LegacySigningKey) {
  const { key, wrappedPrivateKey, kekId } = legacy;
  return { kid: key.kid, alg: key.alg, publicJwk: { ...key.publicJwk }, createdAt: key.createdAt.getTime(), wrappedPrivateKey, kekId };
}
