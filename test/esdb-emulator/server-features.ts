/**
 * `event_store.client.server_features.ServerFeatures/GetSupportedMethods`: what the client asks
 * before its first append, to choose `BatchAppend` over `Append`
 * (EventStore-Client-NodeJS@v6.2.1 `packages/db-client/src/Client/ServerFeatures.ts`,
 * `packages/db-client/src/streams/appendToStream/index.ts`).
 *
 * Answered like EventStore `src/EventStore.Core/Services/Transport/Grpc/ServerFeatures.cs`:
 * lowercase service and method names, `position`/`events` features on `Read`,
 * `deadline_duration` on `BatchAppend`, and the `major.minor.patch` version. Only the services
 * the emulator serves are listed, so the client refuses the others (persistent subscriptions,
 * projections, users, operations) with its own `UnsupportedError` instead of calling them.
 */
import type { handleUnaryCall, sendUnaryData } from '@grpc/grpc-js';

import type { EmulatorContext } from './context';
import type { shared } from './protocol';
import { serverFeatures } from './protocol';

export function createServerFeaturesHandler(
  context: EmulatorContext,
): handleUnaryCall<shared.Empty, serverFeatures.SupportedMethods> {
  return (_call, callback: sendUnaryData<serverFeatures.SupportedMethods>) => {
    const fault = context.faults.onCall('GetSupportedMethods');
    if (fault) return callback(fault);

    const method = (serviceName: string, methodName: string, features: string[] = []) =>
      new serverFeatures.SupportedMethod()
        .setServiceName(serviceName.toLowerCase())
        .setMethodName(methodName.toLowerCase())
        .setFeaturesList(features);
    const streams = 'event_store.client.streams.Streams';
    const methods = [
      method(streams, 'Read', ['position', 'events']),
      method(streams, 'Append'),
      method(streams, 'Delete'),
      method(streams, 'Tombstone'),
      ...(context.settings.batchAppend ? [method(streams, 'BatchAppend', ['deadline_duration'])] : []),
      method('event_store.client.server_features.ServerFeatures', 'GetSupportedMethods'),
      method('event_store.client.gossip.Gossip', 'Read'),
    ];
    callback(
      null,
      new serverFeatures.SupportedMethods()
        .setMethodsList(methods)
        .setEventStoreServerVersion(context.settings.serverVersion),
    );
  };
}
