/**
 * `event_store.client.gossip.Gossip/Read`: the cluster as this node knows it, which the client
 * asks for when it discovers a node (gossip seeds `esdb://a,b,c`, or `esdb+discover://`).
 *
 * Shaped like EventStore `src/EventStore.Core/Services/Transport/Grpc/Gossip.Read.cs`
 * (`ToGrpcClusterInfo`): every member with its instance id, the time of its last update in
 * ticks, its state, `is_alive` and its HTTP endpoint (the gRPC one, since 20.6). A member that
 * stopped answering stays in the list with `is_alive: false` and its last state until the
 * server removes it (`GossipServiceBase.cs`: `Updated(..., isAlive: false)`, removed after
 * `DeadMemberRemovalPeriod`, 30 minutes by default). The client
 * (`@eventstore/db-client` `dist/Client/discovery.js`) keeps only alive members in an allowed
 * state (follower, leader, read-only replica) and, by default, prefers the leader.
 */
import type { handleUnaryCall } from '@grpc/grpc-js';

import { gossip, type shared, TICKS_PER_MILLISECOND, uuidMessage } from './protocol';

/** One member, as the answering node sees it. */
export interface GossipMember {
  readonly instanceId: string;
  readonly host: string;
  readonly port: number;
  /** `unknown` while an election is under way. */
  readonly state: 'leader' | 'follower' | 'unknown';
  readonly alive: boolean;
  /** Milliseconds since the epoch of the member's last change. */
  readonly updatedAt: number;
}

const STATES = {
  leader: gossip.MemberInfo.VNodeState.LEADER,
  follower: gossip.MemberInfo.VNodeState.FOLLOWER,
  unknown: gossip.MemberInfo.VNodeState.UNKNOWN,
} as const;

export function createGossipHandler(members: () => readonly GossipMember[]): handleUnaryCall<shared.Empty, gossip.ClusterInfo> {
  return (_call, callback) => {
    const list = members().map((member) =>
      new gossip.MemberInfo()
        .setInstanceId(uuidMessage(member.instanceId, false))
        .setTimeStamp((BigInt(Math.trunc(member.updatedAt)) * TICKS_PER_MILLISECOND).toString())
        .setState(STATES[member.state])
        .setIsAlive(member.alive)
        .setHttpEndPoint(new gossip.EndPoint().setAddress(member.host).setPort(member.port)),
    );
    callback(null, new gossip.ClusterInfo().setMembersList(list));
  };
}
