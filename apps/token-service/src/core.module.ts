import { type DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LEDGER_CONFIG, openEventStore, type LedgerConfig } from '@ledger/config';
import { CommandLoop, EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { SubjectKeys } from '@ledger/audit';
import { KeyEncryptionKeyRing, RefreshTokenCodec, SubjectPseudonyms } from '@ledger/token-crypto';
import { ADMIN_CREDENTIAL, loadAdminCredential } from './admin-auth/admin-credential';
import { AdminCredentialGuard } from './admin-auth/admin-credential.guard';
import { ClientAuthenticator } from './client-auth/client-authenticator';
import { ConfigurationRegistry } from './configuration/configuration.registry';
import { LedgerIntegrity } from './integrity/ledger-integrity';
import { RateLimiter } from './rate-limits/rate-limiter';
import { HttpRateLimits } from './rate-limits/http-rate-limits';
import { CLOCK, systemClock, type Clock } from './shared/clock';
import { loadKeyEncryptionKeys } from './signing-keys/key-encryption-keys';
import { LegacyKeyDirectoryImport } from './signing-keys/legacy-key-directory.import';
import { loadSecretKeyForRefreshTokens } from './signing-keys/refresh-token-key';
import { SigningKeysService } from './signing-keys/signing-keys.service';
import { SigningKeyRotationScheduler } from './signing-keys/signing-key-rotation.scheduler';
import type { AppOverrides } from './app-overrides';
import { TokenFamilyLoader } from './token-families/shared/family-loader';

/** Whether the app opened the event store itself (and so closes it on shutdown). */
export const EVENT_STORE_OWNED = Symbol.for('tokenledger.EventStoreOwned');

/**
 * What every feature needs: configuration, clock, the event store and the command loop over
 * it, the configuration registry, keys, and the credential checks. Global so feature modules
 * (one per area of the API) stay small.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: LedgerConfig, overrides: AppOverrides = {}): DynamicModule {
    const providers = [
      { provide: LEDGER_CONFIG, useValue: config },
      { provide: CLOCK, useValue: overrides.clock ?? systemClock },
      { provide: EVENT_STORE_OWNED, useValue: overrides.eventStore === undefined },
      {
        provide: EVENT_STORE,
        useFactory: (): Promise<EventStore> | EventStore => overrides.eventStore ?? openEventStore(config, new Logger('EventStoreDB')),
      },
      {
        provide: CommandLoop,
        // Every event is stored as `SubjectKeys.encode` makes it: a family's personal fields encrypted.
        useFactory: (store: EventStore, keys: SubjectKeys) => new CommandLoop(store, { cacheSize: config.stateCacheSize, encode: keys.encode }),
        inject: [EVENT_STORE, SubjectKeys],
      },
      { provide: KeyEncryptionKeyRing, useFactory: () => loadKeyEncryptionKeys(config) },
      { provide: RefreshTokenCodec, useFactory: () => new RefreshTokenCodec(loadSecretKeyForRefreshTokens(config)) },
      {
        provide: SubjectKeys,
        useFactory: (store: EventStore, ring: KeyEncryptionKeyRing, clock: Clock) =>
          new SubjectKeys({ store, ring, pseudonyms: new SubjectPseudonyms(loadSecretKeyForRefreshTokens(config)), now: () => clock.now() }),
        inject: [EVENT_STORE, KeyEncryptionKeyRing, CLOCK],
      },
      TokenFamilyLoader,
      { provide: ADMIN_CREDENTIAL, useFactory: () => loadAdminCredential(config.dataDir, config.adminToken) },
      AdminCredentialGuard,
      ConfigurationRegistry,
      LedgerIntegrity,
      SigningKeysService,
      LegacyKeyDirectoryImport,
      SigningKeyRotationScheduler,
      ClientAuthenticator,
      RateLimiter,
      HttpRateLimits,
    ];
    return {
      module: CoreModule,
      imports: [CqrsModule.forRoot()],
      providers,
      exports: [...providers.map((p) => ('provide' in p ? p.provide : p)), CqrsModule],
    };
  }
}
