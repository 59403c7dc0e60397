import { Inject, Injectable } from '@nestjs/common';
import {
  authorizationServerDecider,
  authorizationServerStreamName,
  clientDecider,
  clientStreamName,
  type ApplyClientDeclaration,
  type ClientState,
} from '@ledger/domain';
import { CommandLoop, EVENT_STORE, fullFoldLoader, type EventStore } from '@ledger/event-sourcing';
import { generateClientSecret, hashClientSecret, verifyClientSecretAsync } from '@ledger/token-crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { CLOCK, type Clock } from '../../shared/clock';
import { readBootstrapFile, type BootstrapClient } from './bootstrap-file';

export interface BootstrapResult {
  readonly eventsAppended: number;
  /** Secret files generated on this start (their paths, never their content). */
  readonly generatedSecretFiles: string[];
}

/**
 * Applies the bootstrap file through the same deciders as the management API: each client and
 * authorization server is a declaration, and deciding it against the current stream yields
 * only the events needed, so starting twice with the same file appends nothing.
 *
 * Mode `seed` (default) declares only what does not exist yet, so changes made through the
 * management API survive restarts; mode `enforce` brings every declared object back to the
 * file at each start (configuration as code: API edits to declared objects are reverted).
 */
@Injectable()
export class BootstrapConfigurationService {
  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async apply(): Promise<BootstrapResult> {
    const file = readBootstrapFile(this.config.bootstrapFile);
    const now = this.clock.now();
    const generatedSecretFiles: string[] = [];
    let eventsAppended = 0;
    const metadata = { actor: 'system:bootstrap', correlationId: `bootstrap-${randomUUID()}` };

    // Clients first: policy conditions may name them.
    for (const entry of file.clients) {
      const { secret, generatedFile } = this.secretOf(entry);
      if (generatedFile) generatedSecretFiles.push(generatedFile);
      const secretHash = entry.client_secret_hash ?? (secret !== undefined ? await hashClientSecret(secret) : undefined);
      // Hashes are not comparable (a declared plain secret is re-hashed), so whether the
      // declaration keeps the registered secret is verified now, against the hash it was
      // verified against; the decider then treats it as unchanged and stays idempotent.
      const streamName = clientStreamName(entry.client_id);
      const before = await fullFoldLoader(clientDecider)(this.store, streamName);
      if (this.config.bootstrapMode === 'seed' && before.state.status !== 'initial') continue;
      const hashBefore = before.state.status === 'registered' ? before.state.client.secretHash : null;
      const keeps =
        hashBefore === null
          ? false
          : entry.client_secret_hash !== undefined
            ? entry.client_secret_hash === hashBefore
            : secret !== undefined && (await verifyClientSecretAsync(secret, hashBefore));
      const result = await this.loop.run({
        streamName,
        decider: clientDecider,
        load: fullFoldLoader(clientDecider),
        command: (state: ClientState): ApplyClientDeclaration => ({
          type: 'ApplyClientDeclaration',
          data: {
            client: {
              clientId: entry.client_id,
              clientName: entry.client_name ?? entry.client_id,
              tokenEndpointAuthMethod: entry.token_endpoint_auth_method,
              grantTypes: entry.grant_types,
              ...(secretHash !== undefined ? { secretHash } : {}),
              ...(entry.jwks ? { jwks: entry.jwks as never } : {}),
              refreshToken: { rotationType: entry.refresh_token?.rotation_type, leeway: entry.refresh_token?.leeway },
              ...(entry.status ? { status: entry.status } : {}),
            },
            secretMatchesCurrent: keeps && state.status === 'registered' && state.client.secretHash === hashBefore,
            now,
          },
        }),
        commandId: randomUUID(),
        metadata,
      });
      eventsAppended += result.events.length;
    }
    const knownClientIds = file.clients.map((c) => c.client_id);
    for (const declaration of file.authorizationServers) {
      const streamName = authorizationServerStreamName(declaration.id);
      if (this.config.bootstrapMode === 'seed') {
        const existing = await fullFoldLoader(authorizationServerDecider)(this.store, streamName);
        if (existing.state.status !== 'initial') continue;
      }
      const result = await this.loop.run({
        streamName,
        decider: authorizationServerDecider,
        load: fullFoldLoader(authorizationServerDecider),
        command: { type: 'ApplyAuthorizationServerDeclaration', data: { declaration, knownClientIds, now } },
        commandId: randomUUID(),
        metadata,
      });
      eventsAppended += result.events.length;
    }
    return { eventsAppended, generatedSecretFiles };
  }

  /** The plain secret of an entry: given, or read from (or generated into) its secret file. */
  private secretOf(entry: BootstrapClient): { secret?: string; generatedFile?: string } {
    if (entry.client_secret !== undefined) return { secret: entry.client_secret };
    if (entry.client_secret_file === undefined) return {};
    const file = path.resolve(this.config.dataDir, entry.client_secret_file);
    if (fs.existsSync(file)) return { secret: fs.readFileSync(file, 'utf8').trim() };
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, generateClientSecret(), { mode: 0o600 });
    fs.renameSync(tmp, file);
    return { secret: fs.readFileSync(file, 'utf8').trim(), generatedFile: file };
  }
}

