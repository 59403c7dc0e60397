import { Query } from '@nestjs/cqrs';
import type { OktaUserClient } from '../shared/user-token-resource';

/** The clients a user (a subject) holds a usable refresh token of, from the `token_families` read model. */
export class ListUserClientsQuery extends Query<readonly OktaUserClient[]> {
  constructor(readonly userId: string) {
    super();
  }
}
