/**
 * `event_store.client.gossip.Gossip/Read`, which the client calls for `esdb+discover://`
 * connection strings only: a one-node cluster whose leader is the emulator.
 */
import type { handleUnaryCall } from '@grpc/grpc-js';

import type { EmulatorContext } from './context';
import { gossip, type shared, uuidMessage } from './protocol';

export function createGossipHandler(context: EmulatorContext, instanceId: string): handleUnaryCall<shared.Empty, gossip.ClusterInfo> {
  return (_call, callback) => {
    const { host, port } = context.endpoint();
    const member = new gossip.MemberInfo()
      .setInstanceId(uuidMessage(instanceId, false))
      .setTimeStamp((BigInt(Date.now()) * 10_000n).toString())
      .setState(gossip.MemberInfo.VNodeState.LEADER)
      .setIsAlive(true)
      .setHttpEndPoint(new gossip.EndPoint().setAddress(host).setPort(port));
    callback(null, new gossip.ClusterInfo().setMembersList([member]));
  };
}
