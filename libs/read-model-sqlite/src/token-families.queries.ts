import type Database from 'better-sqlite3';
import {
  familyStatusAt,
  type IndexedTokenKind,
  type TokenFamilyDocument,
  type TokenFamilyStatus,
} from '@ledger/domain/projections';
import { FAMILY_COLUMNS, familyFromRow } from './token-families.tables';

/** Where a page of families starts: strictly after this family in (issued at, id) order. */
export interface FamilyCursor {
  readonly issuedAt: number;
  readonly familyId: string;
}

/** A families query; every filter is optional. */
export interface FamilyQuery {
  readonly subject?: string;
  readonly clientId?: string;
  readonly status?: TokenFamilyStatus;
  readonly after?: FamilyCursor;
  readonly limit: number;
  /** The instant `active` and `expired` are decided at (epoch ms). */
  readonly now: number;
}

/** A family with its status at the query's `now`. */
export interface FamilyView extends TokenFamilyDocument {
  readonly status: TokenFamilyStatus;
}

/** One page of families, oldest first, and where the next one starts (`null` on the last). */
export interface FamilyPage {
  readonly families: readonly FamilyView[];
  readonly next: FamilyCursor | null;
}

/** A page of one subject's refresh tokens for one client (a token is a family: see {@link TokenFamiliesQueries.refreshTokens}). */
export interface RefreshTokenQuery {
  readonly subject: string;
  readonly clientId: string;
  readonly after?: FamilyCursor;
  readonly limit: number;
  /** The instant "still usable" is decided at (epoch ms). */
  readonly now: number;
}

/** Counts of one group of families at an instant. */
export interface StatusCounts {
  readonly total: number;
  readonly active: number;
  readonly expired: number;
  readonly revoked: number;
  /** Revoked families by the first revocation's reason. */
  readonly byRevokeReason: Readonly<Record<string, number>>;
}

/** `family_counts` read at an instant: totals, and the same per client (by client id). */
export interface FamilyCounts extends StatusCounts {
  readonly byClient: readonly (StatusCounts & { readonly clientId: string })[];
}

/** One `token_index` entry. */
export interface IndexedToken {
  readonly tokenId: string;
  readonly kind: IndexedTokenKind;
  readonly familyId: string;
  readonly issuedAt: number;
}

/**
 * Queries over the `token_families`, `token_index` and `family_counts` views (whatever
 * generation they point at). Status is decided at the given `now`, never stored.
 */
export class TokenFamiliesQueries {
  private readonly listStatements = new Map<string, Database.Statement>();
  private readonly selectFamily: Database.Statement;
  private readonly selectToken: Database.Statement;
  private readonly selectCounters: Database.Statement;
  private readonly countActiveByClient: Database.Statement;
  private readonly selectRefreshClients: Database.Statement;
  private readonly selectRefreshTokens: Database.Statement;
  private readonly selectRefreshTokensAfter: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.selectFamily = db.prepare(`SELECT ${FAMILY_COLUMNS} FROM token_families WHERE family_id = ?`).raw(true);
    this.selectToken = db.prepare('SELECT token_id, kind, family_id, issued_at FROM token_index WHERE token_id = ?').raw(true);
    this.selectCounters = db.prepare('SELECT client_id, state, reason, count FROM family_counts WHERE count > 0').raw(true);
    // Covered by the partial index on open families: no table row is read.
    this.countActiveByClient = db
      .prepare('SELECT client_id, count(*) FROM token_families WHERE revoked_at IS NULL AND expires_at > ? GROUP BY client_id')
      .raw(true);
    // A refresh token is usable while its family is not revoked and neither its idle nor its
    // absolute expiry has passed; a family issued without one has no idle expiry at all. The
    // (subject, client_id, issued_at, family_id) index serves both: the client list reads the
    // subject's entries only, a page of tokens only that pair's.
    const usable = 'revoked_at IS NULL AND idle_expires_at > ? AND (refresh_expires_at IS NULL OR refresh_expires_at > ?)';
    this.selectRefreshClients = db.prepare(`SELECT DISTINCT client_id FROM token_families WHERE subject = ? AND ${usable} ORDER BY client_id`).raw(true);
    const tokens = `SELECT ${FAMILY_COLUMNS} FROM token_families WHERE subject = ? AND client_id = ? AND ${usable}`;
    this.selectRefreshTokens = db.prepare(`${tokens} ORDER BY issued_at, family_id LIMIT ?`).raw(true);
    this.selectRefreshTokensAfter = db.prepare(`${tokens} AND (issued_at, family_id) > (?, ?) ORDER BY issued_at, family_id LIMIT ?`).raw(true);
  }

  /**
   * Ids of the clients `subject` holds a usable refresh token of (at `now`), in id order:
   * Okta's "clients of a user" (`GET /api/v1/users/{userId}/clients`).
   */
  refreshTokenClients(subject: string, now: number): string[] {
    return (this.selectRefreshClients.all(subject, now, now) as [string][]).map(([clientId]) => clientId);
  }

  /**
   * The usable refresh tokens of one subject for one client, one per family (a family holds one
   * current refresh token at a time), oldest first, keyset-paginated as {@link families}.
   */
  refreshTokens(query: RefreshTokenQuery): FamilyPage {
    const { subject, clientId, now, limit, after } = query;
    const rows = (
      after
        ? this.selectRefreshTokensAfter.all(subject, clientId, now, now, after.issuedAt, after.familyId, limit + 1)
        : this.selectRefreshTokens.all(subject, clientId, now, now, limit + 1)
    ) as Parameters<typeof familyFromRow>[0][];
    const families = rows.slice(0, limit).map((row) => withStatus(familyFromRow(row), now));
    const last = families[families.length - 1];
    return { families, next: rows.length > limit && last ? { issuedAt: last.issuedAt, familyId: last.familyId } : null };
  }

  /** One family with its status at `now`, or `null`. */
  family(familyId: string, now: number): FamilyView | null {
    const row = this.selectFamily.get(familyId) as Parameters<typeof familyFromRow>[0] | undefined;
    return row ? withStatus(familyFromRow(row), now) : null;
  }

  /**
   * Families matching the query, oldest first (issued at, then id), keyset-paginated: a page
   * costs the same however deep it is, and families issued meanwhile never shift a page.
   */
  families(query: FamilyQuery): FamilyPage {
    const statement = this.listStatement(query);
    const params: unknown[] = [];
    if (query.subject !== undefined) params.push(query.subject);
    if (query.clientId !== undefined) params.push(query.clientId);
    if (query.status === 'active' || query.status === 'expired') params.push(query.now);
    if (query.after) params.push(query.after.issuedAt, query.after.familyId);
    params.push(query.limit + 1);
    const rows = statement.all(...params) as Parameters<typeof familyFromRow>[0][];
    const families = rows.slice(0, query.limit).map((row) => withStatus(familyFromRow(row), query.now));
    const last = families[families.length - 1];
    return { families, next: rows.length > query.limit && last ? { issuedAt: last.issuedAt, familyId: last.familyId } : null };
  }

  /** Counts by status (at `now`), revoke reason and client. */
  counts(now: number): FamilyCounts {
    const perClient = new Map<string, { open: number; active: number; revoked: number; reasons: Record<string, number> }>();
    const entry = (clientId: string) => {
      let e = perClient.get(clientId);
      if (!e) perClient.set(clientId, (e = { open: 0, active: 0, revoked: 0, reasons: {} }));
      return e;
    };
    for (const [clientId, state, reason, count] of this.selectCounters.all() as [string, string, string, number][]) {
      const e = entry(clientId);
      if (state === 'open') e.open += count;
      else {
        e.revoked += count;
        e.reasons[reason] = (e.reasons[reason] ?? 0) + count;
      }
    }
    for (const [clientId, active] of this.countActiveByClient.all(now) as [string, number][]) entry(clientId).active = active;
    const byClient = [...perClient.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([clientId, e]) => ({
        clientId,
        // Active rows are never dropped by retention, so "open minus active" is every expired
        // family, kept or not.
        ...statusCounts(e.active, Math.max(0, e.open - e.active), e.revoked, e.reasons),
      }));
    const reasons: Record<string, number> = {};
    for (const c of byClient) for (const [reason, n] of Object.entries(c.byRevokeReason)) reasons[reason] = (reasons[reason] ?? 0) + n;
    const sum = (pick: (c: StatusCounts) => number) => byClient.reduce((n, c) => n + pick(c), 0);
    return { ...statusCounts(sum((c) => c.active), sum((c) => c.expired), sum((c) => c.revoked), reasons), byClient };
  }

  /** The family an access-token `jti` or refresh-token id belongs to, or `null`. */
  token(tokenId: string): IndexedToken | null {
    const row = this.selectToken.get(tokenId) as [string, IndexedTokenKind, string, number] | undefined;
    return row ? { tokenId: row[0], kind: row[1], familyId: row[2], issuedAt: row[3] } : null;
  }

  /**
   * Up to `limit` ids of families that ended before `cutoff` (epoch ms), for the log's
   * retention: a revoked family ended when it was revoked, any other when it expired (its
   * `expires_at`: the absolute or idle refresh expiry, or the access token's for a family
   * without a refresh token; see `familyExpiresAt`). Revoked ones first (the partial index on
   * `revoked_at`), then expired open ones per client (the partial index of open families).
   */
  familiesEndedBefore(cutoff: number, limit: number): string[] {
    const revoked = this.endedStatement(
      'revoked',
      'SELECT family_id FROM token_families WHERE revoked_at IS NOT NULL AND revoked_at < ? ORDER BY revoked_at LIMIT ?',
    ).all(cutoff, limit) as string[];
    if (revoked.length >= limit) return revoked;
    const expired = this.endedStatement(
      'expired',
      "SELECT family_id FROM token_families WHERE client_id IN (SELECT client_id FROM family_counts WHERE state = 'open') " +
        'AND revoked_at IS NULL AND expires_at < ? LIMIT ?',
    ).all(cutoff, limit - revoked.length) as string[];
    return [...revoked, ...expired];
  }

  private endedStatement(key: string, sql: string): Database.Statement {
    let statement = this.listStatements.get(`ended:${key}`);
    if (!statement) {
      statement = this.db.prepare(sql).pluck(true);
      this.listStatements.set(`ended:${key}`, statement);
    }
    return statement;
  }

  private listStatement(query: FamilyQuery): Database.Statement {
    const key = `${query.subject !== undefined}|${query.clientId !== undefined}|${query.status ?? ''}|${query.after !== undefined}`;
    let statement = this.listStatements.get(key);
    if (!statement) {
      const where: string[] = [];
      if (query.subject !== undefined) where.push('subject = ?');
      if (query.clientId !== undefined) where.push('client_id = ?');
      // With a subject and a client, the unary `+` keeps SQLite off the open-families index
      // (every subject's families of that client) and on the (subject, client_id, …) one.
      const expiresAt = query.subject !== undefined && query.clientId !== undefined ? '+expires_at' : 'expires_at';
      if (query.status === 'active') where.push(`revoked_at IS NULL AND ${expiresAt} > ?`);
      if (query.status === 'expired') where.push(`revoked_at IS NULL AND ${expiresAt} <= ?`);
      if (query.status === 'revoked') where.push('revoked_at IS NOT NULL');
      // A row value compares as a pair and seeks the (…, issued_at, family_id) indexes.
      if (query.after) where.push('(issued_at, family_id) > (?, ?)');
      const sql =
        `SELECT ${FAMILY_COLUMNS} FROM token_families ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ` +
        'ORDER BY issued_at, family_id LIMIT ?';
      statement = this.db.prepare(sql).raw(true);
      this.listStatements.set(key, statement);
    }
    return statement;
  }
}

function withStatus(document: TokenFamilyDocument, now: number): FamilyView {
  return { ...document, status: familyStatusAt(document, now) };
}

function statusCounts(active: number, expired: number, revoked: number, byRevokeReason: Record<string, number>): StatusCounts {
  return { total: active + expired + revoked, active, expired, revoked, byRevokeReason };
}
