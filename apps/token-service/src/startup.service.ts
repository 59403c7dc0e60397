import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { EVENT_STORE_OWNED } from './core.module';
import { ADMIN_CREDENTIAL, type AdminCredential } from './admin-auth/admin-credential';
import { BootstrapConfigurationService } from './configuration/bootstrap/bootstrap-configuration.service';
import { ConfigurationRegistry } from './configuration/configuration.registry';
import { SigningKeysService } from './signing-keys/signing-keys.service';
import { LegacyKeyDirectoryImport } from './signing-keys/legacy-key-directory.import';

/**
 * Brings the service to a state that can answer: applies the bootstrap configuration (as
 * events, idempotently), catches the configuration registry up, imports an old plaintext key
 * directory into the signing-key events (once; its files are then removed), and loads or creates every
 * authorization server's signing keys (a server whose keys cannot be had is reported and
 * skipped, never fatal for the others). Closes the store last on shutdown.
 */
@Injectable()
export class StartupService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Startup');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_STORE_OWNED) private readonly storeOwned: boolean,
    @Inject(ADMIN_CREDENTIAL) private readonly admin: AdminCredential,
    private readonly bootstrap: BootstrapConfigurationService,
    private readonly registry: ConfigurationRegistry,
    private readonly keys: SigningKeysService,
    private readonly legacyKeys: LegacyKeyDirectoryImport,
  ) {}

  async onModuleInit(): Promise<void> {
    const applied = await this.bootstrap.apply();
    await this.registry.start();
    // Before any server's first key is made: an old key directory may hold the key it must keep,
    // so a server whose old folder could not be imported gets no new key either.
    const legacy = await this.legacyKeys.run();
    const serverIds = this.registry.serverIds();
    const toEnsure = serverIds.filter((id) => !legacy.failed.includes(id));
    const withoutKeys = [...serverIds.filter((id) => legacy.failed.includes(id)), ...(await this.keys.ensureEach(toEnsure))];
    this.logger.log({
      msg: 'configuration ready',
      authorizationServers: this.registry.serverIds(),
      ...(withoutKeys.length ? { authorizationServersWithoutSigningKeys: withoutKeys } : {}),
      clients: this.registry.clientIds(),
      bootstrapEventsAppended: applied.eventsAppended,
      ...(this.admin.generatedFile ? { adminTokenFile: this.admin.generatedFile } : {}),
      ...(applied.generatedSecretFiles.length ? { generatedClientSecretFiles: applied.generatedSecretFiles } : {}),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.registry.onApplicationShutdown();
    if (this.storeOwned) await this.store.close();
  }
}
