/**
 * The tree head this browser last verified, kept in `localStorage` (public data: a size and a
 * root, no credential), so that the next visit checks that the newest seal extends it: the
 * auditor's side of a transparency log. A history rewritten between two visits shows as a
 * consistency proof that fails from the kept head.
 */
export interface KeptTreeHead {
  readonly treeSize: number;
  readonly rootHash: string;
}

const KEY = 'ledger-console.kept-tree-head';

export function keptTreeHead(): KeptTreeHead | null {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<KeptTreeHead> | null;
    if (value && Number.isSafeInteger(value.treeSize) && typeof value.rootHash === 'string') return { treeSize: value.treeSize!, rootHash: value.rootHash };
  } catch {
    // Unreadable: as if nothing were kept.
  }
  return null;
}

export function keepTreeHead(head: KeptTreeHead): void {
  localStorage.setItem(KEY, JSON.stringify({ treeSize: head.treeSize, rootHash: head.rootHash }));
}
