import type { TokenWhyJson } from '@ledger/audit';

/** The audit API's answer to "why is this token (not) active": ids and reasons, never the token (see `explainToken`). */
export type TokenWhyResponse = TokenWhyJson;
