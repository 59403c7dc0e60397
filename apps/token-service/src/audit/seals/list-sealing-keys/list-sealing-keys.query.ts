import { Query } from '@nestjs/cqrs';
import type { SealingPublicJwk } from '@ledger/token-crypto';

/** The public sealing keys, as a JWK Set (RFC 7517 §5). */
export class ListSealingKeysQuery extends Query<{ keys: SealingPublicJwk[] }> {}
