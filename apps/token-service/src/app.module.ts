import { type DynamicModule, type LoggerService, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandLoop, EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { loadSecretKeyForRefreshTokens } from './signing-keys/refresh-token-key';
import { RefreshTokenCodec, SigningKeyStore } from '@ledger/token-crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ADMIN_CREDENTIAL, loadAdminCredential } from './admin-auth/admin-credential';
import { AdminCredentialGuard } from './admin-auth/admin-credential.guard';
import { ClientAuthenticator } from './client-auth/client-authenticator';
import { LEDGER_CONFIG, type LedgerConfig } from './config/ledger-config';
import { BootstrapConfigurationService } from './configuration/bootstrap/bootstrap-configuration.service';
import { ConfigurationRegistry } from './configuration/configuration.registry';
import { StartupService } from './startup.service';
import { DiscoveryHttpController } from './oauth/discovery.http.controller';
import { KeysHttpController } from './oauth/keys.http.controller';
import { TokenEndpointHttpController } from './oauth/token-endpoint.http.controller';
import { CLOCK, systemClock, type Clock } from './shared/clock';
import { SigningKeysService } from './signing-keys/signing-keys.service';
import { IntrospectTokenHandler } from './token-families/introspect-token/introspect-token.handler';
import { IntrospectTokenHttpController } from './token-families/introspect-token/introspect-token.http.controller';
import { IssueTokensHandler } from './token-families/issue-tokens/issue-tokens.handler';
import { IssueTokensHttpController } from './token-families/issue-tokens/issue-tokens.http.controller';
import { RefreshTokenHandler } from './token-families/refresh-token/refresh-token.handler';
import { RevokeTokenHandler } from './token-families/revoke-token/revoke-token.handler';
import { RevokeTokenHttpController } from './token-families/revoke-token/revoke-token.http.controller';
import { TokenLocator } from './token-families/shared/token-locator';
import { TokenMinter } from './token-families/shared/token-minter';

/** What tests and the benchmark may replace: the clock, the store, the logger. */
export interface AppOverrides {
  readonly clock?: Clock;
  /** Use this store instead of the embedded SQLite file (the caller closes it). */
  readonly eventStore?: EventStore;
  readonly logger?: LoggerService;
}

/** The token service: one module, wired from the configuration. */
@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig, overrides: AppOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [
        TokenEndpointHttpController,
        RevokeTokenHttpController,
        IntrospectTokenHttpController,
        IssueTokensHttpController,
        KeysHttpController,
        DiscoveryHttpController,
      ],
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        { provide: CLOCK, useValue: overrides.clock ?? systemClock },
        {
          provide: EVENT_STORE,
          useFactory: (): EventStore => {
            if (overrides.eventStore) return overrides.eventStore;
            fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
            return new SqliteEventStore({ filename: path.join(config.dataDir, 'events.db'), synchronous: config.sqliteSynchronous });
          },
        },
        { provide: CommandLoop, useFactory: (store: EventStore) => new CommandLoop(store), inject: [EVENT_STORE] },
        { provide: SigningKeyStore, useFactory: () => new SigningKeyStore(path.join(config.dataDir, 'keys')) },
        { provide: RefreshTokenCodec, useFactory: () => new RefreshTokenCodec(loadSecretKeyForRefreshTokens(config)) },
        { provide: ADMIN_CREDENTIAL, useFactory: () => loadAdminCredential(config.dataDir, config.adminToken) },
        AdminCredentialGuard,
        ConfigurationRegistry,
        BootstrapConfigurationService,
        SigningKeysService,
        StartupService,
        ClientAuthenticator,
        TokenMinter,
        TokenLocator,
        RefreshTokenHandler,
        IssueTokensHandler,
        RevokeTokenHandler,
        IntrospectTokenHandler,
      ],
    };
  }
}
