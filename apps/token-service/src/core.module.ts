import { type DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandLoop, EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { EsdbEventStore, describeHosts } from '@ledger/event-store-esdb';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { RefreshTokenCodec, SigningKeyStore } from '@ledger/token-crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ADMIN_CREDENTIAL, loadAdminCredential } from './admin-auth/admin-credential';
import { AdminCredentialGuard } from './admin-auth/admin-credential.guard';
import { ClientAuthenticator } from './client-auth/client-authenticator';
import { LEDGER_CONFIG, type LedgerConfig } from './config/ledger-config';
import { ConfigurationRegistry } from './configuration/configuration.registry';
import { CLOCK, systemClock } from './shared/clock';
import { loadSecretKeyForRefreshTokens } from './signing-keys/refresh-token-key';
import { SigningKeysService } from './signing-keys/signing-keys.service';
import type { AppOverrides } from './app-overrides';

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
        useFactory: (): Promise<EventStore> | EventStore => overrides.eventStore ?? openEventStore(config),
      },
      {
        provide: CommandLoop,
        useFactory: (store: EventStore) => new CommandLoop(store, { cacheSize: config.stateCacheSize }),
        inject: [EVENT_STORE],
      },
      { provide: SigningKeyStore, useFactory: () => new SigningKeyStore(path.join(config.dataDir, 'keys')) },
      { provide: RefreshTokenCodec, useFactory: () => new RefreshTokenCodec(loadSecretKeyForRefreshTokens(config)) },
      { provide: ADMIN_CREDENTIAL, useFactory: () => loadAdminCredential(config.dataDir, config.adminToken) },
      AdminCredentialGuard,
      ConfigurationRegistry,
      SigningKeysService,
      ClientAuthenticator,
    ];
    return {
      module: CoreModule,
      imports: [CqrsModule.forRoot()],
      providers,
      exports: [...providers.map((p) => ('provide' in p ? p.provide : p)), CqrsModule],
    };
  }
}

/**
 * The event store the configuration names: EventStoreDB when `EVENTSTORE_URL` is set, else the
 * embedded SQLite file `<dataDir>/events.db`. The one factory for it, shared by the service and
 * the ledger CLI, so both always open the same store.
 */
export function openEventStore(config: LedgerConfig): Promise<EventStore> | EventStore {
  if (config.eventStoreUrl) return connectEventStoreDb(config.eventStoreUrl);
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  return new SqliteEventStore({ filename: path.join(config.dataDir, 'events.db'), synchronous: config.sqliteSynchronous });
}

/**
 * The EventStoreDB adapter, selected by `EVENTSTORE_URL`. Connecting checks the server at
 * once, so an unreachable server fails the start with a message naming the host (never the
 * credentials) instead of failing the first request. Subscription drops are logged: they
 * resubscribe by themselves, but a server that keeps dropping them is worth knowing about.
 */
async function connectEventStoreDb(connectionString: string): Promise<EventStore> {
  const logger = new Logger('EventStoreDB');
  const store = await EsdbEventStore.connect({
    connectionString,
    onSubscriptionDrop: (drop) =>
      logger.warn({
        msg: 'subscription dropped; resubscribing',
        attempt: drop.attempt,
        delayMs: drop.delayMs,
        error: drop.error instanceof Error ? drop.error.message : drop.error === undefined ? 'ended by the server' : String(drop.error),
      }),
  });
  logger.log({ msg: 'event store: EventStoreDB', hosts: describeHosts(connectionString) });
  return store;
}
