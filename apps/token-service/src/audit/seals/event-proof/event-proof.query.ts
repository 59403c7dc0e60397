import { Query } from '@nestjs/cqrs';
import type { GlobalPosition } from '@ledger/event-sourcing';
import type { PositionJson, SealResource } from '@ledger/audit';

/** An inclusion proof (RFC 9162 §2.1.3) of one event's leaf in the tree of `treeSize` leaves. */
export interface EventProofResponse {
  readonly position: PositionJson;
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: string;
  /** The leaf input as text: its UTF-8 bytes are what the leaf hash hashes (after the 0x00 prefix). */
  readonly leafInput: string;
  /** Whether the event itself was removed (retention, erasure): its leaf comes from the removal record. */
  readonly removed: boolean;
  /** Hex node hashes, as RFC 9162 §2.1.3.1 orders them. */
  readonly proof: string[];
  /** The seal of `treeSize` leaves (`null` when no seal has exactly that size). */
  readonly seal: SealResource | null;
}

export class EventProofQuery extends Query<EventProofResponse> {
  constructor(
    readonly position: GlobalPosition,
    /** Default: the newest seal's size. */
    readonly treeSize: number | null,
  ) {
    super();
  }
}
