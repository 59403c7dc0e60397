import type Database from 'better-sqlite3';
import {
  familyCountDeltas,
  tokenFamiliesProjection,
  tokenIndexProjection,
  type FamilyCountState,
  type IndexedTokenKind,
  type TokenFamilyDocument,
} from '@ledger/domain/projections';
import type { RevokeReason } from '@ledger/domain';
import type { ProjectedEvent, ProjectionTables, ProjectionWriter, TablesMode } from './projection-tables';

/** The projection that keeps `token_families`, `token_index` and `family_counts`. */
export const TOKEN_FAMILIES_PROJECTION = 'token_families';

/**
 * The three read models of the token-family streams share one projection (one checkpoint,
 * rebuilt together): the counts move with the family rows in the same batch, and retention
 * drops a family's index entries with its row, so none of them can drift from the others.
 */
export const TOKEN_FAMILY_READ_MODELS = ['token_families', 'token_index', 'family_counts'] as const;

/** Physical table names of one generation. */
export function generationTables(generation: number): {
  families: string;
  tokens: string;
  counts: string;
  tokensStaging: string;
  removedStaging: string;
} {
  assertGeneration(generation);
  return {
    families: `token_families_g${generation}`,
    tokens: `token_index_g${generation}`,
    counts: `family_counts_g${generation}`,
    tokensStaging: `token_index_g${generation}_staging`,
    removedStaging: `token_families_g${generation}_removed_staging`,
  };
}

/** `kind` is stored as a small integer (millions of rows); the view spells it out. */
const KIND_CODE: Record<IndexedTokenKind, number> = { access_token: 1, refresh_token: 2 };

/**
 * Families are keyed by id (WITHOUT ROWID: one B-tree seek per lookup), as are index entries
 * and counters. These are what a batch reads and writes; a `bulk` generation has only them,
 * plus an append-only staging table for the index entries.
 */
function tablesSql(g: number, mode: TablesMode): string {
  const t = generationTables(g);
  return `
CREATE TABLE ${t.families} (
  family_id               TEXT    NOT NULL PRIMARY KEY,
  subject                 TEXT    NOT NULL,
  client_id               TEXT    NOT NULL,
  authorization_server_id TEXT    NOT NULL,
  grant_type              TEXT    NOT NULL,
  scopes                  TEXT    NOT NULL,
  issued_at               INTEGER NOT NULL,
  last_refreshed_at       INTEGER,
  refresh_expires_at      INTEGER,
  idle_expires_at         INTEGER,
  access_expires_at       INTEGER NOT NULL,
  expires_at              INTEGER NOT NULL,
  revoked_at              INTEGER,
  revoke_reason           TEXT,
  revoked_by              TEXT,
  generation              INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE ${t.tokens} (
  token_id  TEXT    NOT NULL PRIMARY KEY,
  kind      INTEGER NOT NULL,
  family_id TEXT    NOT NULL,
  issued_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE ${t.counts} (
  client_id TEXT    NOT NULL,
  state     TEXT    NOT NULL,
  reason    TEXT    NOT NULL,
  count     INTEGER NOT NULL,
  PRIMARY KEY (client_id, state, reason)
) WITHOUT ROWID;
${mode === 'bulk' ? `CREATE TABLE ${t.tokensStaging} (token_id TEXT NOT NULL, kind INTEGER NOT NULL, family_id TEXT NOT NULL, issued_at INTEGER NOT NULL);` : ''}
${mode === 'bulk' ? removedStagingSql(g) : ''}
`;
}

/**
 * The families a removal record listed during a bulk build. `IF NOT EXISTS`: a bulk build begun
 * by a version without it is finished by this one (the writer and the final copy create it).
 */
function removedStagingSql(g: number): string {
  return `CREATE TABLE IF NOT EXISTS ${generationTables(g).removedStaging} (family_id TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;`;
}

/**
 * The secondary indexes serve, in order: the subject and client listings (keyset on
 * `issued_at, family_id`), the unfiltered listing, the per-client active/expired split of the
 * counts and the retention of expired families (partial: open families only; `revoked_at`,
 * always NULL there, is in it so SQLite counts from the index alone), the retention of
 * revoked ones, and one subject's families of one client (Okta's user-token API and the
 * per-client revoke-all): without it SQLite answers `subject = ? AND client_id = ?` from the
 * client's open families, every subject's. None of these columns changes after issuance, so a
 * refresh never writes to these indexes; an issuance writes one more entry.
 *
 * `token_index` has no index on `family_id`: every token id names its family as its prefix
 * (`<familyId>.<sequence>` for refresh tokens, `<familyId>.<random>` for access-token `jti`s,
 * which revocation and introspection already rely on), so a family's entries are one range
 * of the primary key. That second B-tree cost every refresh two more page writes in the
 * projection's commits: without it the refresh bench did 6.7% more refreshes/s with a p99
 * 1.3 ms lower (four alternating pairs of runs).
 */
function indexesSql(g: number): string[] {
  const t = generationTables(g);
  return [
    `CREATE INDEX ${t.families}_subject ON ${t.families} (subject, issued_at, family_id)`,
    `CREATE INDEX ${t.families}_client ON ${t.families} (client_id, issued_at, family_id)`,
    `CREATE INDEX ${t.families}_issued ON ${t.families} (issued_at, family_id)`,
    `CREATE INDEX ${t.families}_open ON ${t.families} (client_id, expires_at, revoked_at) WHERE revoked_at IS NULL`,
    `CREATE INDEX ${t.families}_revoked ON ${t.families} (revoked_at) WHERE revoked_at IS NOT NULL`,
    `CREATE INDEX ${t.families}_subject_client ON ${t.families} (subject, client_id, issued_at, family_id)`,
  ];
}

/** The `token_families` projection's tables (see {@link ProjectionTables}). */
export const tokenFamiliesTables: ProjectionTables = {
  projection: TOKEN_FAMILIES_PROJECTION,
  readModels: TOKEN_FAMILY_READ_MODELS,
  // 2: no `family_id` index on `token_index`. 3: the (subject, client_id, …) index. A file of
  // an older version is re-projected from the log.
  schemaVersion: 3,
  create(db, generation, mode) {
    db.exec(tablesSql(generation, mode));
    if (mode === 'indexed') for (const sql of indexesSql(generation)) db.exec(sql);
  },
  finalizeBulk(generation) {
    const t = generationTables(generation);
    return [
      removedStagingSql(generation),
      // One sorted pass builds the B-tree left to right, instead of a random insert per token;
      // the first entry of a token id wins, as `INSERT OR IGNORE` in indexed mode.
      `INSERT OR IGNORE INTO ${t.tokens} (token_id, kind, family_id, issued_at) ` +
        `SELECT token_id, kind, family_id, issued_at FROM ${t.tokensStaging} ` +
        `WHERE family_id NOT IN (SELECT family_id FROM ${t.removedStaging}) ORDER BY token_id, rowid`,
      `DROP TABLE ${t.tokensStaging}`,
      `DROP TABLE ${t.removedStaging}`,
      ...indexesSql(generation),
    ];
  },
  drop(db, generation) {
    const t = generationTables(generation);
    db.exec(
      `DROP TABLE IF EXISTS ${t.families}; DROP TABLE IF EXISTS ${t.tokens}; DROP TABLE IF EXISTS ${t.counts}; ` +
        `DROP TABLE IF EXISTS ${t.tokensStaging}; DROP TABLE IF EXISTS ${t.removedStaging};`,
    );
  },
  publish(db, generation) {
    const t = generationTables(generation);
    db.exec(`
DROP VIEW IF EXISTS token_families;
DROP VIEW IF EXISTS token_index;
DROP VIEW IF EXISTS family_counts;
CREATE VIEW token_families AS SELECT * FROM ${t.families};
CREATE VIEW token_index AS
  SELECT token_id, CASE kind WHEN ${KIND_CODE.access_token} THEN 'access_token' ELSE 'refresh_token' END AS kind, family_id, issued_at
  FROM ${t.tokens};
CREATE VIEW family_counts AS SELECT * FROM ${t.counts};
`);
  },
  writer(db, generation, mode) {
    return new TokenFamiliesWriter(db, generation, mode);
  },
};

/** A family row as stored (column order of the table). */
type FamilyRow = [
  familyId: string,
  subject: string,
  clientId: string,
  authorizationServerId: string,
  grantType: string,
  scopes: string,
  issuedAt: number,
  lastRefreshedAt: number | null,
  refreshExpiresAt: number | null,
  idleExpiresAt: number | null,
  accessExpiresAt: number,
  expiresAt: number,
  revokedAt: number | null,
  revokeReason: string | null,
  revokedBy: string | null,
  generation: number,
];

/** The columns of a family row, in {@link FamilyRow} order. */
export const FAMILY_COLUMNS =
  'family_id, subject, client_id, authorization_server_id, grant_type, scopes, issued_at, last_refreshed_at, ' +
  'refresh_expires_at, idle_expires_at, access_expires_at, expires_at, revoked_at, revoke_reason, revoked_by, generation';

/** A stored row as the projection's document. Scope tokens never hold spaces (RFC 6749 §3.3). */
export function familyFromRow(r: FamilyRow): TokenFamilyDocument {
  return {
    familyId: r[0],
    subject: r[1],
    clientId: r[2],
    authorizationServerId: r[3],
    grantType: r[4],
    scopes: r[5] === '' ? [] : r[5].split(' '),
    issuedAt: r[6],
    lastRefreshedAt: r[7],
    refreshExpiresAt: r[8],
    idleExpiresAt: r[9],
    accessExpiresAt: r[10],
    expiresAt: r[11],
    revokedAt: r[12],
    revokeReason: r[13] as RevokeReason | null,
    revokedBy: r[14],
    generation: r[15],
  };
}

function rowOf(d: TokenFamilyDocument): FamilyRow {
  return [
    d.familyId,
    d.subject,
    d.clientId,
    d.authorizationServerId,
    d.grantType,
    d.scopes.join(' '),
    d.issuedAt,
    d.lastRefreshedAt,
    d.refreshExpiresAt,
    d.idleExpiresAt,
    d.accessExpiresAt,
    d.expiresAt,
    d.revokedAt,
    d.revokeReason,
    d.revokedBy,
    d.generation,
  ];
}

/** What a batch did to one family: the stored document and the one to store. */
interface FamilyChange {
  readonly before: TokenFamilyDocument | null;
  after: TokenFamilyDocument | null;
  /** A removal record listed it: its index entries go too, even those this batch wrote. */
  removed?: boolean;
}

/**
 * Applies batches with the pure projections. Within a transaction each family is read at most
 * once (later events evolve the in-memory document) and written at most once, at `flush`, in
 * key order (neighbouring keys share B-tree pages); the counters get one upsert per counter
 * moved. Token-index entries never change once written (see `tokenIndexProjection`), so they
 * are inserted-or-ignored without a read, or, in `bulk` mode, appended to the staging table.
 */
class TokenFamiliesWriter implements ProjectionWriter {
  private readonly selectFamily: Database.Statement;
  private readonly insertFamily: Database.Statement;
  private readonly updateFamily: Database.Statement;
  private readonly deleteFamily: Database.Statement;
  private readonly deleteTokens: Database.Statement;
  private readonly bulk: boolean;
  private readonly insertToken: Database.Statement;
  private readonly addCount: Database.Statement;
  private families = new Map<string, FamilyChange>();
  private counts = new Map<string, { clientId: string; state: FamilyCountState; reason: string; delta: number }>();

  constructor(db: Database.Database, generation: number, mode: TablesMode) {
    const t = generationTables(generation);
    this.selectFamily = db.prepare(`SELECT ${FAMILY_COLUMNS} FROM ${t.families} WHERE family_id = ?`).raw(true);
    this.insertFamily = db.prepare(`INSERT INTO ${t.families} (${FAMILY_COLUMNS}) VALUES (${Array(16).fill('?').join(', ')})`);
    // Only what events change; the facts fixed at issuance are never rewritten.
    this.updateFamily = db.prepare(
      `UPDATE ${t.families} SET last_refreshed_at = ?, idle_expires_at = ?, access_expires_at = ?, expires_at = ?, ` +
        'revoked_at = ?, revoke_reason = ?, revoked_by = ?, generation = ? WHERE family_id = ?',
    );
    this.deleteFamily = db.prepare(`DELETE FROM ${t.families} WHERE family_id = ?`);
    // A family's token ids all start with `<familyId>.`: one range of the primary key ('/' is
    // the character after '.'). In bulk mode (a rebuild) the entries are in the unindexed
    // staging table: the removed family is noted instead, and the final sorted copy leaves its
    // entries out (`finalizeBulk`).
    if (mode === 'bulk') db.exec(removedStagingSql(generation));
    this.deleteTokens =
      mode === 'bulk'
        ? db.prepare(`INSERT OR IGNORE INTO ${t.removedStaging} (family_id) VALUES (@familyId)`)
        : db.prepare(`DELETE FROM ${t.tokens} WHERE token_id >= @from AND token_id < @to`);
    this.bulk = mode === 'bulk';
    this.insertToken =
      mode === 'bulk'
        ? db.prepare(`INSERT INTO ${t.tokensStaging} (token_id, kind, family_id, issued_at) VALUES (?, ?, ?, ?)`)
        : db.prepare(`INSERT OR IGNORE INTO ${t.tokens} (token_id, kind, family_id, issued_at) VALUES (?, ?, ?, ?)`);
    this.addCount = db.prepare(
      `INSERT INTO ${t.counts} (client_id, state, reason, count) VALUES (?, ?, ?, ?) ` +
        'ON CONFLICT (client_id, state, reason) DO UPDATE SET count = max(0, count + excluded.count)',
    );
  }

  apply(events: readonly ProjectedEvent[]): number {
    const { families, counts } = this;
    let handled = 0;
    for (const event of events) {
      const familyIds = tokenFamiliesProjection.documentIds(event);
      if (familyIds.length > 0) handled += 1;
      for (const familyId of familyIds) {
        let change = families.get(familyId);
        if (change === undefined) {
          const row = this.selectFamily.get(familyId) as FamilyRow | undefined;
          const stored = row ? familyFromRow(row) : null;
          change = { before: stored, after: stored };
          families.set(familyId, change);
        }
        if (event.type === 'EventsRemoved') change.removed = true;
        const next = tokenFamiliesProjection.evolve(change.after, event, familyId);
        if (next === change.after) continue;
        for (const d of familyCountDeltas(change.after, next)) {
          const reason = d.reason ?? '';
          const key = `${d.clientId}\u0000${d.state}\u0000${reason}`;
          const counter = counts.get(key);
          if (counter) counter.delta += d.delta;
          else counts.set(key, { clientId: d.clientId, state: d.state, reason, delta: d.delta });
        }
        change.after = next;
      }
      for (const tokenId of tokenIndexProjection.documentIds(event)) {
        const entry = tokenIndexProjection.evolve(null, event, tokenId);
        if (entry) this.insertToken.run(entry.tokenId, KIND_CODE[entry.kind], entry.familyId, entry.issuedAt);
      }
    }
    return handled;
  }

  flush(): void {
    const ids = [...this.families.keys()].sort();
    for (const familyId of ids) {
      const { before, after, removed } = this.families.get(familyId)!;
      if (removed && after === null) {
        // Removed from the log (an `EventsRemoved` record): its row and its index entries go,
        // including entries this batch wrote for a family it also created.
        if (before !== null) this.deleteFamily.run(familyId);
        this.deleteTokens.run(this.bulk ? { familyId } : { from: `${familyId}.`, to: `${familyId}/` });
        continue;
      }
      if (after === before) continue;
      if (after === null) this.deleteFamily.run(familyId);
      else if (before === null) this.insertFamily.run(...rowOf(after));
      else {
        this.updateFamily.run(
          after.lastRefreshedAt,
          after.idleExpiresAt,
          after.accessExpiresAt,
          after.expiresAt,
          after.revokedAt,
          after.revokeReason,
          after.revokedBy,
          after.generation,
          familyId,
        );
      }
    }
    for (const c of this.counts.values()) {
      if (c.delta !== 0) this.addCount.run(c.clientId, c.state, c.reason, c.delta);
    }
    this.discard();
  }

  discard(): void {
    this.families = new Map();
    this.counts = new Map();
  }
}

function assertGeneration(generation: number): void {
  // Generations are interpolated into SQL identifiers: only small positive integers.
  if (!Number.isSafeInteger(generation) || generation < 1) throw new RangeError(`not a generation: ${generation}`);
}
