import { Injectable } from '@nestjs/common';
import { SubjectKeys } from '@ledger/audit';
import {
  rehydrateFromFirstAndLast,
  tokenFamilyDecider,
  type TokenFamilyEvent,
  type TokenFamilyState,
} from '@ledger/domain';
import { firstAndLastLoader, type EventDecoder, type StreamLoader } from '@ledger/event-sourcing';

/**
 * Loads a token family from its first and last events only: `TokenRefreshed` carries the
 * family's whole mutable state, so a refresh costs two indexed reads however long the family's
 * history grows (SPEC §4). `decode` puts back the personal fields `TokenIssued` stores
 * encrypted; without it (specs) the events must be plaintext.
 */
export function tokenFamilyLoader(decode?: EventDecoder): StreamLoader<TokenFamilyState> {
  return firstAndLastLoader<TokenFamilyState>(
    (first, last) => rehydrateFromFirstAndLast(first as TokenFamilyEvent, last as TokenFamilyEvent),
    () => tokenFamilyDecider.initialState(),
    decode,
  );
}

/**
 * The service's family loader: decrypts the subject's personal fields with its data key (or
 * reads them `[erased]`). Runs only when the command loop does not remember the family's
 * state, so a refresh it remembers reads no key.
 */
@Injectable()
export class TokenFamilyLoader {
  readonly load: StreamLoader<TokenFamilyState>;

  constructor(keys: SubjectKeys) {
    this.load = tokenFamilyLoader(keys.decode);
  }
}
