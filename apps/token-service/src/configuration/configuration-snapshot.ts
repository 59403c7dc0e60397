import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  authorizationServerDecider,
  clientDecider,
  trustedOriginsDecider,
  type AuthorizationServerState,
  type ClientState,
  type ClientStatus,
  type TrustedOriginsState,
} from '@ledger/domain';
import { formatPosition, parsePosition, type GlobalPosition } from '@ledger/event-sourcing';

/**
 * Version of the snapshot's layout. Bump it whenever the registry's folded state changes shape
 * (the fingerprint below also changes when a fold function's code does).
 */
const SNAPSHOT_FORMAT = 1;

/**
 * Identifies the code that folded the snapshot: a snapshot folded by other `evolve` functions
 * may hold a state these would not have made, so it is discarded (a full read at start).
 */
export const SNAPSHOT_FINGERPRINT = createHash('sha256')
  .update(String(SNAPSHOT_FORMAT))
  .update(authorizationServerDecider.evolve.toString())
  .update(clientDecider.evolve.toString())
  .update(trustedOriginsDecider.evolve.toString())
  .digest('hex')
  .slice(0, 32);

/** One change of a client's status and where it stands in the log. */
export interface ClientStatusChange {
  readonly position: GlobalPosition;
  readonly status: ClientStatus;
}

/** The registry's folded state at a position of the log: what a start may resume from. */
export interface RegistrySnapshot {
  /** Every configuration event at or before it is folded in. */
  readonly position: GlobalPosition;
  /** Id of the event at `position`: it must still be there, or the snapshot is of another log. */
  readonly positionEventId: string;
  readonly servers: readonly (readonly [string, { readonly state: AuthorizationServerState; readonly revision: bigint }])[];
  readonly clients: readonly (readonly [string, ClientState])[];
  readonly trustedOrigins: TrustedOriginsState;
  readonly clientStatusHistory: readonly (readonly [string, readonly ClientStatusChange[]])[];
}

/** The file's JSON (positions and revisions as text: JSON has no 64-bit integers). */
interface SnapshotFile {
  readonly fingerprint: string;
  readonly position: string;
  readonly positionEventId: string;
  readonly servers: [string, { state: AuthorizationServerState; revision: string }][];
  readonly clients: [string, ClientState][];
  readonly trustedOrigins: TrustedOriginsState;
  readonly clientStatusHistory: [string, [string, ClientStatus][]][];
}

/**
 * Where one replica keeps its registry snapshot: a local file, written whole to a temporary
 * file and renamed over the old one (a crash leaves the old or the new, never half of one),
 * owner-only (it holds client secret hashes, as the log does).
 */
export class RegistrySnapshotFile {
  constructor(readonly file: string) {}

  /**
   * The snapshot, or `null` when there is none or it cannot be used (unreadable, malformed, or
   * folded by other code): the caller then reads the whole log.
   */
  load(): { snapshot: RegistrySnapshot | null; discarded?: string } {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { snapshot: null };
      return { snapshot: null, discarded: `unreadable: ${(error as Error).message}` };
    }
    try {
      const raw = JSON.parse(text) as SnapshotFile;
      if (raw.fingerprint !== SNAPSHOT_FINGERPRINT) return { snapshot: null, discarded: 'folded by another version' };
      return {
        snapshot: {
          position: parsePosition(raw.position),
          positionEventId: requireString(raw.positionEventId),
          servers: raw.servers.map(([id, entry]) => [requireString(id), { state: entry.state, revision: BigInt(entry.revision) }] as const),
          clients: raw.clients.map(([id, state]) => [requireString(id), state] as const),
          trustedOrigins: raw.trustedOrigins,
          clientStatusHistory: raw.clientStatusHistory.map(
            ([id, changes]) => [requireString(id), changes.map(([position, status]) => ({ position: parsePosition(position), status }))] as const,
          ),
        },
      };
    } catch (error) {
      return { snapshot: null, discarded: `malformed: ${(error as Error).message}` };
    }
  }

  /** Replaces the file with `snapshot` (atomically, by rename). */
  async save(snapshot: RegistrySnapshot): Promise<void> {
    const body: SnapshotFile = {
      fingerprint: SNAPSHOT_FINGERPRINT,
      position: formatPosition(snapshot.position),
      positionEventId: snapshot.positionEventId,
      servers: snapshot.servers.map(([id, entry]) => [id, { state: entry.state, revision: entry.revision.toString() }]),
      clients: snapshot.clients.map(([id, state]) => [id, state]),
      trustedOrigins: snapshot.trustedOrigins,
      clientStatusHistory: snapshot.clientStatusHistory.map(([id, changes]) => [id, changes.map((c) => [formatPosition(c.position), c.status])]),
    };
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    // Unique per write: two processes given the same path (in containers both may be pid 1)
    // never write into one temporary file.
    const temporary = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await fs.promises.writeFile(temporary, JSON.stringify(body), { mode: 0o600 });
      await fs.promises.rename(temporary, this.file);
    } catch (error) {
      await fs.promises.rm(temporary, { force: true });
      throw error;
    }
  }
}

function requireString(value: unknown): string {
  if (typeof value !== 'string') throw new Error('expected a string');
  return value;
}
