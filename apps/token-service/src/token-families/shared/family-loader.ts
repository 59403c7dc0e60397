import {
  rehydrateFromFirstAndLast,
  tokenFamilyDecider,
  type TokenFamilyEvent,
  type TokenFamilyState,
} from '@ledger/domain';
import { firstAndLastLoader, type StreamLoader } from '@ledger/event-sourcing';

/**
 * Loads a token family from its first and last events only: `TokenRefreshed` carries the
 * family's whole mutable state, so a refresh costs two indexed reads however long the family's
 * history grows (SPEC §4).
 */
export const loadTokenFamily: StreamLoader<TokenFamilyState> = firstAndLastLoader<TokenFamilyState>(
  (first, last) => rehydrateFromFirstAndLast(first as TokenFamilyEvent, last as TokenFamilyEvent),
  () => tokenFamilyDecider.initialState(),
);
