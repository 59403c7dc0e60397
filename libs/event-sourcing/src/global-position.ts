import type { GlobalPosition } from './event-store.port';

/** Compares two global positions as a pair (commit, then prepare). */
export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** Serialises a position for checkpoints and cursors (`<commit>/<prepare>`). */
export function formatPosition(p: GlobalPosition): string {
  return `${p.commit}/${p.prepare}`;
}

/** Parses the output of {@link formatPosition}. */
export function parsePosition(text: string): GlobalPosition {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new Error(`not a global position: ${text}`);
  return { commit: BigInt(m[1]), prepare: BigInt(m[2]) };
}
