import { Inject, Injectable } from '@nestjs/common';
import {
  activeSecretHashes,
  authorizationServerDecider,
  authorizationServerStreamName,
  clientDecider,
  clientStreamName,
  ConfigurationConflictError,
  ConfigurationNotFoundError,
  InvalidConfigurationError,
  type ApplyAuthorizationServerDeclaration,
  type ApplyClientDeclaration,
  type ClientState,
} from '@ledger/domain';
import { CommandLoop, EVENT_STORE, fullFoldLoader, type Decider, type EventStore } from '@ledger/event-sourcing';
import { generateClientSecret, hashClientSecret, verifyClientSecretAsync } from '@ledger/token-crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { CLOCK, type Clock } from '../../shared/clock';
import { readBootstrapFile, type BootstrapClient } from './bootstrap-file';

/** One entry of the bootstrap file, decided on its stream. */
interface Declaration {
  /** Decides on the current stream without appending; throws the start-up error for a refusal. */
  check(file: string): Promise<void>;
  /** Decides again and appends; resolves to the number of events appended. */
  apply(): Promise<number>;
}

export interface BootstrapResult {
  readonly eventsAppended: number;
  /** Secret files generated on this start (their paths, never their content). */
  readonly generatedSecretFiles: string[];
}

/**
 * Applies the bootstrap file through the same deciders as the management API: each client and
 * authorization server is a declaration, and deciding it against the current stream yields
 * only the events needed, so starting twice with the same file appends nothing. Every entry is
 * decided before any is appended: an entry the deciders refuse (an id outside the id rule, a
 * lifetime out of range) stops the start with an error naming it, and the store is untouched.
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
    const metadata = { actor: 'system:bootstrap', correlationId: `bootstrap-${randomUUID()}` };
    const declarations: Declaration[] = [];

    // Clients first: policy conditions may name them.
    for (const [index, entry] of file.clients.entries()) {
      const { secret, generatedFile } = this.secretOf(entry);
      if (generatedFile) generatedSecretFiles.push(generatedFile);
      const secretHash = entry.client_secret_hash ?? (secret !== undefined ? await hashClientSecret(secret) : undefined);
      // Hashes are not comparable (a declared plain secret is re-hashed), so whether the
      // declaration keeps the registered secret is verified now, against the hash it was
      // verified against; the decider then treats it as unchanged and stays idempotent.
      const streamName = clientStreamName(entry.client_id);
      const before = await fullFoldLoader(clientDecider)(this.store, streamName);
      if (this.config.bootstrapMode === 'seed' && before.state.status !== 'initial') continue;
      const hashesBefore = before.state.status === 'registered' ? activeSecretHashes(before.state.client) : [];
      // Any ACTIVE secret counts: during a rotation the file may declare either one.
      const matching = await Promise.all(
        hashesBefore.map(async (hash) =>
          entry.client_secret_hash !== undefined ? entry.client_secret_hash === hash : secret !== undefined && (await verifyClientSecretAsync(secret, hash)),
        ),
      );
      const keeps = matching.includes(true);
      declarations.push(
        this.declaration(`clients[${index}]`, streamName, clientDecider, metadata, (state: ClientState): ApplyClientDeclaration => ({
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
            secretMatchesCurrent: keeps && state.status === 'registered' && sameHashes(activeSecretHashes(state.client), hashesBefore),
            now,
          },
        })),
      );
    }
    const knownClientIds = file.clients.map((c) => c.client_id);
    for (const [index, declaration] of file.authorizationServers.entries()) {
      const streamName = authorizationServerStreamName(declaration.id);
      if (this.config.bootstrapMode === 'seed') {
        const existing = await fullFoldLoader(authorizationServerDecider)(this.store, streamName);
        if (existing.state.status !== 'initial') continue;
      }
      declarations.push(
        this.declaration(`authorizationServers[${index}]`, streamName, authorizationServerDecider, metadata, (): ApplyAuthorizationServerDeclaration => ({
          type: 'ApplyAuthorizationServerDeclaration',
          data: { declaration, knownClientIds, now },
        })),
      );
    }

    // Every declaration is decided before any is appended, so a file the deciders refuse (an id
    // outside the id rule, a lifetime out of range) stops the start with the store untouched.
    for (const declaration of declarations) await declaration.check(this.config.bootstrapFile);
    let eventsAppended = 0;
    for (const declaration of declarations) eventsAppended += await declaration.apply();
    return { eventsAppended, generatedSecretFiles };
  }

  /** One entry of the file as a command on its stream, to check first and apply later. */
  private declaration<Command, Event extends { type: string; data: unknown }, State>(
    at: string,
    streamName: string,
    decider: Decider<Command, Event, State>,
    metadata: { readonly actor: string; readonly correlationId: string },
    command: (state: State) => Command,
  ): Declaration {
    const load = fullFoldLoader(decider);
    return {
      check: async (file) => {
        const { state } = await load(this.store, streamName);
        try {
          decider.decide(command(state), state);
        } catch (error) {
          throw refusal(file, at, error);
        }
      },
      apply: async () => {
        const result = await this.loop.run({ streamName, decider, load, command, commandId: randomUUID(), metadata });
        return result.events.length;
      },
    };
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

/**
 * The start-up error for an entry a decider refused, naming the entry and, for an invalid
 * value, its field as the file spells it (`clients[1].client_id`,
 * `authorizationServers[0].policies[0].id`) with the decider's reason, which never repeats the
 * value; a conflict names the object's id, as the management API's 409 does. Anything else (a
 * store failure) is rethrown as it is.
 */
function refusal(file: string, at: string, error: unknown): unknown {
  let stated: string;
  if (error instanceof InvalidConfigurationError) stated = `${at}.${snakeCaseFor(at, error.field)}: ${error.reason}`;
  else if (error instanceof ConfigurationConflictError || error instanceof ConfigurationNotFoundError) stated = `${at}: ${error.message}`;
  else return error;
  return new Error(`bootstrap file ${file} refused, nothing was applied: ${stated}`);
}

/** Client entries use the wire names (`client_id`, `refresh_token.rotation_type`), the decider the domain's. */
function snakeCaseFor(at: string, field: string): string {
  return at.startsWith('clients[') ? field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`) : field;
}

/** Whether two lists of secret hashes hold the same hashes in the same order. */
function sameHashes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((hash, index) => hash === b[index]);
}
