import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ConfigurationNotFoundError } from '@ledger/domain';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { ClientReader } from '../shared/client-reader';
import { toClientSecretResource, type ClientSecretResource } from '../shared/client-secret-resource';
import { GetClientSecretQuery, ListClientSecretsQuery } from './list-client-secrets.query';

/** Lists a client's secrets, folded from the event store (empty for a client without one). */
@QueryHandler(ListClientSecretsQuery)
export class ListClientSecretsHandler implements IQueryHandler<ListClientSecretsQuery> {
  constructor(
    private readonly reader: ClientReader,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute({ clientId }: ListClientSecretsQuery): Promise<ClientSecretResource[]> {
    const client = await this.reader.require(clientId);
    return client.secrets.map((secret) => toClientSecretResource(this.config.issuerBaseUrl, clientId, secret));
  }
}

/** One secret of a client, folded from the event store. */
@QueryHandler(GetClientSecretQuery)
export class GetClientSecretHandler implements IQueryHandler<GetClientSecretQuery> {
  constructor(
    private readonly reader: ClientReader,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute({ clientId, secretId }: GetClientSecretQuery): Promise<ClientSecretResource> {
    const secret = (await this.reader.require(clientId)).secrets.find((candidate) => candidate.secretId === secretId);
    if (!secret) throw new ConfigurationNotFoundError('clientSecret', secretId);
    return toClientSecretResource(this.config.issuerBaseUrl, clientId, secret);
  }
}
