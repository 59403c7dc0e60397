import { Inject, Injectable } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import type { UserTokenContext } from './user-token-resource';

/** Names, issuers and the public base URL for the user-token shapes, from the configuration registry. */
@Injectable()
export class RegistryUserTokenContext implements UserTokenContext {
  readonly baseUrl: string;

  constructor(
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    private readonly registry: ConfigurationRegistry,
  ) {
    this.baseUrl = config.issuerBaseUrl;
  }

  issuerOf(authorizationServerId: string): string {
    // A server deactivated or deleted since keeps the default issuer its tokens most likely had.
    return this.registry.getServer(authorizationServerId)?.issuer ?? `${this.baseUrl}/oauth2/${authorizationServerId}`;
  }

  clientName(clientId: string): string | undefined {
    return this.registry.getClient(clientId)?.clientName;
  }

  serverName(authorizationServerId: string): string | undefined {
    return this.registry.getServer(authorizationServerId)?.name;
  }
}
