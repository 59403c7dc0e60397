import { Query } from '@nestjs/cqrs';
import type { ClientSecretResource } from '../shared/client-secret-resource';

/** A client's secrets, oldest first, folded from its stream; never a secret nor its hash. */
export class ListClientSecretsQuery extends Query<ClientSecretResource[]> {
  constructor(readonly clientId: string) {
    super();
  }
}

/** One secret of a client; 404 when the client or the secret is unknown. */
export class GetClientSecretQuery extends Query<ClientSecretResource> {
  constructor(
    readonly clientId: string,
    readonly secretId: string,
  ) {
    super();
  }
}
