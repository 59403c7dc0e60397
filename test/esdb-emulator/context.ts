/** What every RPC handler of the emulator shares. */
import type { Faults, FidelitySettings } from './faults';
import type { EventLog } from './store';
import type { SubscriptionRegistry } from './subscriptions';

/** Resolved `startEsdbEmulator` options. */
export interface EmulatorSettings extends FidelitySettings {
  readonly host: string;
  /** Advertise `Streams/BatchAppend` (and serve it); without it the client appends with `Append`. */
  readonly batchAppend: boolean;
  /** `event_store_server_version` in `GetSupportedMethods`. */
  readonly serverVersion: string;
  /** Send `caught_up` to subscriptions, as servers from 23.10 on do. */
  readonly sendsCaughtUp: boolean;
  /** Bytes an append may carry, counted as the server counts them (`Event.SizeOnDisk`). */
  readonly maxAppendSize: number;
}

export interface EmulatorContext {
  readonly log: EventLog;
  readonly faults: Faults;
  readonly subscriptions: SubscriptionRegistry;
  readonly settings: EmulatorSettings;
  /** Where the emulator listens (known once bound). */
  readonly endpoint: () => { host: string; port: number };
}
