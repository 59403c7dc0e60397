import {
  auditEventJson,
  auditNdjsonLine,
  explainToken,
  isFamilyId,
  latestSeal,
  loadTrustedSealingKeys,
  parseInstant,
  readAllEvents,
  readFamilyStateReport,
  readStreamEvents,
  SubjectKeys,
  tokenIdToExplain,
  toProjectionResource,
  verifyLedger,
  verifyStore,
} from '@ledger/audit';
import { KeyEncryptionKeyRing, loadConfiguredSealingKey, loadKeyEncryptionKeyRing, LocalKeyEncryptionKey } from '@ledger/token-crypto';
import { randomBytes } from 'node:crypto';
import { loadLedgerConfig, openEventStore, type LedgerConfig } from '@ledger/config';
import { tokenFamilyStreamName } from '@ledger/domain';
import { eventHash, type EventStore } from '@ledger/event-sourcing';
import { ProjectionRunner, UnknownProjectionError } from '@ledger/projections';
import { EventStoreFileInUseError, NotALedgerStoreError } from '@ledger/event-store-sqlite';
import { ReadModelDatabase, ReadModelFileInUseError } from '@ledger/read-model-sqlite';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { backup, restore } from './backup-restore';
import { NotFound, Refused } from './cli-errors';
import { onlyOptions, optionValue, parseArgs, UsageError, type ParsedArgs } from './cli-args';
import { formatState } from './format/state.format';
import { styleFor, type Style } from './format/style';
import { formatTimeline, type TimelineEntry } from './format/timeline.format';
import { formatVerification } from './format/verify.format';
import { formatWhy } from './format/why.format';
import { tokenToExplain } from './token-lookup';

/** Exit codes, stable for scripts. */
export const EXIT = {
  ok: 0,
  /** `verify` found a break: a hash chain, a seal, a gap or a removal record. */
  chainBroken: 1,
  /**
   * Bad command line, unknown family or stream, or a command refused: one this store does not
   * offer (backup on EventStoreDB), a restore while a service runs or of a file that is not a
   * ledger store, a backup onto an existing file.
   */
  usage: 2,
  /** The store could not be opened or read. */
  failure: 3,
} as const;

/** What `--help` prints (and a usage error, after its message). */
export const USAGE = `Usage: npm run -s ledger -- <command> [options]
       ledger <command> [options]          (in the Docker image)

Reads the configured event store directly (no HTTP server needed), with the service's own
functions: LEDGER_DATA_DIR (default ./data, the file <dir>/events.db) or EVENTSTORE_URL.

Commands:
  history <familyId> [--json]       the family's events, oldest first: time (UTC), event, generation, actor,
                                    reason, the rule and configuration version that decided, hash links;
                                    revocations and reuse detection marked "!". --json: NDJSON, one event
                                    per line with its metadata, as the audit API's export
  state <familyId> [--at <time>] [--json]
                                    the family's state at <time> (default now) and why
  why <tokenId> [--json]            whether a token is active now and why: <tokenId> is a refresh-token id
                                    (<familyId>.<n>) or an access token's jti
  why --token - | --token-file <file> [--json]
                                    the same for a refresh token or an access token (JWT) read from stdin
                                    or a file, never from the command line (it would stay in the shell's
                                    history); the token is never printed. An access token is checked with
                                    the service's keys and issuer: set the service's LEDGER_ISSUER_BASE_URL
  verify [--stream <name>] [--json] recompute the hash chain of one stream; without --stream, of every
                                    stream, and check every seal (signature, chain, Merkle root), position
                                    gaps and removal records; exit 1 on a break
  seals latest                      the newest seal (signed Merkle tree head) as JSON, to keep
  export [--since <time>]           every event recorded at or after <time> (default: all), NDJSON
  projections status                projection checkpoints and lag, from the read-model database
  projections rebuild <name> --service-stopped
                                    rebuild one projection from the start of the log, in this process
                                    (a running service: POST /api/v1/ops/projections/<name>/rebuild)
  backup <file>                     an online, consistent copy of the embedded store into the new file
                                    <file> while the service runs (JSON: file, bytes, events, last position)
  restore <file> --service-stopped  put a backup back as <dataDir>/events.db (the replaced store is kept
                                    beside it) and remove this replica's derived files so they rebuild;
                                    refused while a service has the data directory open. Key files are
                                    not in a backup and are left alone: keep them apart

history, state, why and verify print for people (colour on a terminal unless NO_COLOR is set);
--json prints the machine form (the audit API's JSON). The other commands print JSON.
<time> is an RFC 3339 date-time with a zone, e.g. 2026-01-01T12:00:00Z.
Exit codes: 0 ok, 1 verification failed, 2 usage / not found / not available / refused, 3 store failure.
On EventStoreDB (EVENTSTORE_URL) backup and restore are the server's own: docs/operations.md#backups.
Use "npm run -s" (silent) when redirecting output: plain "npm run" prints a banner to stdout.
`;

/** Where the libraries the CLI runs log (the EventStoreDB connection, the projections). */
export interface CliLogger {
  log(message: Record<string, unknown>): void;
  warn(message: Record<string, unknown>): void;
  error(message: Record<string, unknown>): void;
}

/** Where the CLI writes; the process streams in `main.ts`, buffers in tests. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  /** "Now" for `state` without `--at`, and the projections' clock. */
  readonly now: () => number;
  /** Never stdout, which carries only the command's output. */
  readonly logger: CliLogger;
  /** Where `why --token -` reads the token: the process's stdin. */
  readonly stdin?: NodeJS.ReadableStream;
  /** Whether stdout is a terminal: the readable output is coloured then (unless `NO_COLOR`). */
  readonly stdoutIsTerminal?: boolean;
}

/**
 * Runs one CLI command and resolves with its exit code. Every answer comes from the same
 * functions as the service's audit and ops API (`@ledger/audit`, `@ledger/projections`), over
 * the store `openEventStore` opens for the service, so the CLI and the API cannot disagree.
 */
export async function runLedgerCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  const [command, ...rest] = args.positional;
  try {
    if (command === undefined || command === 'help' || args.options.has('help')) {
      io.stdout.write(USAGE);
      return command === undefined && !args.options.has('help') ? EXIT.usage : EXIT.ok;
    }
    const config = loadLedgerConfig(io.env);
    switch (command) {
      case 'history':
        return await history(config, io, args, rest);
      case 'state':
        return await state(config, io, args, rest);
      case 'verify':
        return await verify(config, io, args, rest);
      case 'why':
        return await why(config, io, args, rest);
      case 'export':
        return await exportEvents(config, io, args, rest);
      case 'projections':
        return await projections(config, io, args, rest);
      case 'seals':
        return await seals(config, io, args, rest);
      case 'backup':
        await backup(config, io, args, rest);
        return EXIT.ok;
      case 'restore':
        await restore(config, io, args, rest);
        return EXIT.ok;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`ledger: ${error.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (error instanceof NotFound || error instanceof Refused || error instanceof NotALedgerStoreError || error instanceof EventStoreFileInUseError) {
      io.stderr.write(`ledger: ${error.message}\n`);
      return EXIT.usage;
    }
    // A running service (or another CLI) owns the read-model file: refused, like a rebuild without --service-stopped.
    if (error instanceof ReadModelFileInUseError) {
      io.stderr.write(`ledger: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`ledger: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
}

async function history(config: LedgerConfig, io: CliIo, args: ParsedArgs, rest: readonly string[]): Promise<number> {
  onlyOptions(args, ['json']);
  const json = jsonFlag(args);
  const familyId = single(rest, 'history <familyId> [--json]');
  return withStore(config, io, async (store) => {
    const entries: TimelineEntry[] = [];
    let count = 0;
    if (isFamilyId(familyId)) {
      const keys = subjectKeys(config, store, io);
      for await (const event of readStreamEvents(store, tokenFamilyStreamName(familyId))) {
        // NDJSON streams; the timeline is laid out once the family (a few events) is read.
        if (json) await write(io.stdout, await auditNdjsonLine(event, keys));
        else entries.push({ event: await auditEventJson(event, keys), hash: eventHash(event) });
        count += 1;
      }
    }
    if (count === 0) throw new NotFound(`no token family '${familyId}'`);
    if (!json) await write(io.stdout, formatTimeline(familyId, entries, styleOf(io)));
    return EXIT.ok;
  });
}

async function state(config: LedgerConfig, io: CliIo, args: ParsedArgs, rest: readonly string[]): Promise<number> {
  onlyOptions(args, ['at', 'json']);
  const json = jsonFlag(args);
  const familyId = single(rest, 'state <familyId> [--at <time>] [--json]');
  const at = instantOption(args, 'at') ?? io.now();
  return withStore(config, io, async (store) => {
    const report = await readFamilyStateReport(store, subjectKeys(config, store, io), familyId, at);
    if (!report) throw new NotFound(`no token family '${familyId}'`);
    await write(io.stdout, json ? `${JSON.stringify(report, null, 2)}\n` : formatState(report, styleOf(io)));
    return EXIT.ok;
  });
}

async function verify(config: LedgerConfig, io: CliIo, args: ParsedArgs, rest: readonly string[]): Promise<number> {
  onlyOptions(args, ['stream', 'json']);
  const json = jsonFlag(args);
  if (rest.length > 0) throw new UsageError('verify takes no arguments (use --stream <name>)');
  const stream = optionValue(args, 'stream');
  return withStore(config, io, async (store) => {
    const result = stream === undefined ? await verifyLedger(store, await trustedSealingKeys(config, store)) : await verifyStore(store, stream);
    if (!result) throw new NotFound(`no stream '${stream}'`);
    await write(io.stdout, json ? `${JSON.stringify(result, null, 2)}\n` : formatVerification(result, styleOf(io)));
    return result.ok ? EXIT.ok : EXIT.chainBroken;
  });
}

/**
 * `why`: whether a token is active now and why, the audit API's `tokens/why` answer from the
 * same function ({@link explainToken}). A token id comes as an argument; a token only from
 * stdin (`--token -`) or a file (`--token-file`), never from argv, where it would stay in the
 * shell's history and the process list. The token is never printed, not even in an error.
 */
async function why(config: LedgerConfig, io: CliIo, args: ParsedArgs, rest: readonly string[]): Promise<number> {
  onlyOptions(args, ['token', 'token-file', 'json']);
  const json = jsonFlag(args);
  const usage = 'why <tokenId> | why --token - | why --token-file <file>';
  const fromStdin = args.options.get('token');
  const file = args.options.get('token-file');
  if (fromStdin !== undefined && fromStdin !== '-') {
    throw new UsageError('--token takes only "-" (read the token from stdin): a token on the command line stays in the shell\'s history');
  }
  if (file === true) throw new UsageError('--token-file needs a value');
  const sources = rest.length + (fromStdin === undefined ? 0 : 1) + (file === undefined ? 0 : 1);
  if (sources !== 1 || rest.length > 1) throw new UsageError(`usage: ${usage}`);
  // A person at a terminal pastes the token: say how to end the input.
  if (fromStdin !== undefined && (io.stdin as { isTTY?: boolean } | undefined)?.isTTY) io.stderr.write('ledger: paste the token, then press Ctrl-D\n');
  const token = fromStdin !== undefined ? await readToken(io.stdin, 'stdin') : file !== undefined ? await readTokenFile(file) : undefined;
  return withStore(config, io, async (store) => {
    const now = io.now();
    const target = token !== undefined ? await tokenToExplain(config, store, token, now) : tokenIdToExplain(rest[0]);
    const answer = await explainToken(store, subjectKeys(config, store, io), target, now);
    await write(io.stdout, json ? `${JSON.stringify(answer, null, 2)}\n` : formatWhy(answer, styleOf(io)));
    return EXIT.ok;
  });
}

/** The longest token either kind can be is far below this (the audit API's limit too). */
const MAX_TOKEN_LENGTH = 8192;

async function readTokenFile(file: string): Promise<string> {
  if (!fs.existsSync(file)) throw new NotFound(`no token file ${file}`);
  return readToken(fs.createReadStream(file), file);
}

/** The token, trimmed of the newline `echo` or an editor leaves; refused when empty or too long. */
async function readToken(input: NodeJS.ReadableStream | undefined, from: string): Promise<string> {
  if (!input) throw new UsageError('--token - reads the token from stdin, and there is none here');
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.length > MAX_TOKEN_LENGTH + 2) throw new UsageError(`the token read from ${from} is longer than any token (${MAX_TOKEN_LENGTH} characters)`);
  }
  const token = text.trim();
  if (token.length === 0) throw new UsageError(`no token in ${from}`);
  return token;
}

/**
 * The sealing keys the service would trust, found offline from the same configuration: the keys
 * recorded in the log whose private half unwraps under the key-encryption key (the CLI reads
 * the generated key file but never creates one), and the configured sealing key.
 */
async function trustedSealingKeys(config: LedgerConfig, store: EventStore) {
  const ring = loadKeyEncryptionKeyRing(config.keys.keyEncryptionKey, config.keys.previousKeyEncryptionKeys, { create: false });
  const configured = config.seals.sealingKey ? await loadConfiguredSealingKey(config.seals.sealingKey) : null;
  const { keys, untrusted } = await loadTrustedSealingKeys(store, ring, configured);
  return { trustedKeys: keys, untrustedKeys: untrusted, densePositions: config.eventStoreUrl === undefined };
}

/** `seals latest`: the newest seal, for an auditor to keep (exit 2 before the first seal). */
async function seals(config: LedgerConfig, io: CliIo, args: ParsedArgs, rest: readonly string[]): Promise<number> {
  onlyOptions(args, []);
  if (rest.length !== 1 || rest[0] !== 'latest') throw new UsageError('seals latest');
  return withStore(config, io, async (store) => {
    const seal = await latestSeal(store);
    if (!seal) throw new NotFound('no seal yet');
    await write(io.stdout, `${JSON.stringify(seal, null, 2)}\n`);
    return EXIT.ok;
  });
}

/**
 * NDJSON of the global log. The cut is by `recordedAt` (when the store wrote each event): every
 * event has one, configuration events included, and the log is in recording order. The store
 * has no index on time, so the log is read from its start and filtered.
 */
async function exportEvents(config: LedgerConfig, io: CliIo, args: ParsedArgs, rest: readonly string[]): Promise<number> {
  onlyOptions(args, ['since']);
  if (rest.length > 0) throw new UsageError('export takes no arguments (use --since <time>)');
  const since = instantOption(args, 'since') ?? Number.NEGATIVE_INFINITY;
  return withStore(config, io, async (store) => {
    const keys = subjectKeys(config, store, io);
    for await (const event of readAllEvents(store)) {
      if (event.recordedAt.getTime() >= since) await write(io.stdout, await auditNdjsonLine(event, keys));
    }
    return EXIT.ok;
  });
}

/**
 * The service's projection runner, run here against the same store and read-model database.
 * `status` reads checkpoints and lag as stored. `rebuild` runs the rebuild in this process, so
 * the service must be stopped (its own lanes would keep writing the generation this swaps
 * out); a running service rebuilds through `POST /api/v1/ops/projections/{name}/rebuild`.
 */
async function projections(config: LedgerConfig, io: CliIo, args: ParsedArgs, rest: readonly string[]): Promise<number> {
  const [sub, name, ...extra] = rest;
  if (sub === 'status' && name === undefined) {
    onlyOptions(args, []);
    return withProjections(config, io, async (runner) => {
      const projections = (await runner.status()).map((status) => ({ ...toProjectionResource(status), state: 'NOT_RUNNING_HERE' }));
      await write(io.stdout, `${JSON.stringify({ projections, note: PROJECTIONS_NOTE }, null, 2)}\n`);
      return EXIT.ok;
    });
  }
  if (sub === 'rebuild' && name !== undefined && extra.length === 0) {
    onlyOptions(args, ['service-stopped']);
    if (args.options.get('service-stopped') !== true) {
      throw new UsageError(
        'projections rebuild runs the rebuild in this process: stop the service and pass --service-stopped, ' +
          'or ask the running service: POST /api/v1/ops/projections/<name>/rebuild',
      );
    }
    return withProjections(config, io, async (runner) => {
      runner.start();
      let started: ReturnType<ProjectionRunner['rebuild']>;
      try {
        started = runner.rebuild(name);
      } catch (error) {
        if (error instanceof UnknownProjectionError) throw new NotFound(`no projection or read model '${name}'`);
        throw error;
      }
      await started.swapped;
      const status = (await runner.status()).find((s) => s.name === started.projection);
      await write(io.stdout, `${JSON.stringify({ rebuilt: started.projection, generation: started.generation, projection: status && toProjectionResource(status) }, null, 2)}\n`);
      return EXIT.ok;
    });
  }
  throw new UsageError('projections status | projections rebuild <name> --service-stopped');
}

const PROJECTIONS_NOTE =
  'Checkpoints and lag as stored in the read-model database. The service\'s lanes run in the service: ' +
  'GET /api/v1/ops/projections shows their state.';

/** Opens the store and the read-model database, runs `work` on the service's runner, and closes both. */
async function withProjections(config: LedgerConfig, io: CliIo, work: (runner: ProjectionRunner) => Promise<number>): Promise<number> {
  const file = config.readModels.file;
  if (file !== ':memory:' && !fs.existsSync(file)) throw new NotFound(`no read-model database at ${file} (set LEDGER_DATA_DIR or LEDGER_READ_MODELS)`);
  return withStore(config, io, async (store) => {
    const db = ReadModelDatabase.open({ filename: file });
    const runner = new ProjectionRunner({ store, db, readModels: config.readModels, now: io.now, logger: io.logger });
    try {
      return await work(runner);
    } finally {
      // Stops the lanes (if started) and closes the read-model database.
      await runner.close();
    }
  });
}

/** Opens the store the service would open, runs `work`, and always closes it. */
async function withStore(config: LedgerConfig, io: CliIo, work: (store: EventStore) => Promise<number>): Promise<number> {
  if (!config.eventStoreUrl) {
    const file = path.join(config.dataDir, 'events.db');
    // Opening a missing file would create an empty store: say where we looked instead.
    if (!fs.existsSync(file)) throw new NotFound(`no event store at ${file} (set LEDGER_DATA_DIR or EVENTSTORE_URL)`);
  }
  const store = await openEventStore(config, io.logger);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/**
 * The subjects' data keys, unwrapped with the service's key-encryption key, so `history`,
 * `state` and `export` show a subject's personal fields as the audit API does (`[erased]` once
 * erased). Without the KEK (a generated one that is not in the data directory) nothing is
 * created: a personal field then fails the command, saying which key is missing.
 */
function subjectKeys(config: LedgerConfig, store: EventStore, io: CliIo): SubjectKeys {
  const ring =
    loadKeyEncryptionKeyRing(config.keys.keyEncryptionKey, config.keys.previousKeyEncryptionKeys, { create: false }) ??
    // No KEK here: a ring that opens nothing, so a personal field fails the command naming the key.
    new KeyEncryptionKeyRing(new LocalKeyEncryptionKey(randomBytes(32)));
  return new SubjectKeys({ store, ring, now: io.now });
}

/** `--json`: the machine form instead of the readable one. */
function jsonFlag(args: ParsedArgs): boolean {
  const value = args.options.get('json');
  if (value !== undefined && value !== true) throw new UsageError('--json takes no value');
  return value === true;
}

function styleOf(io: CliIo): Style {
  return styleFor(io.stdoutIsTerminal === true, io.env);
}

function single(rest: readonly string[], usage: string): string {
  if (rest.length !== 1) throw new UsageError(`usage: ${usage}`);
  return rest[0];
}

function instantOption(args: ParsedArgs, name: string): number | undefined {
  const text = optionValue(args, name);
  if (text === undefined) return undefined;
  const ms = parseInstant(text);
  if (ms === null) throw new UsageError(`--${name} must be an RFC 3339 date-time with a zone, e.g. 2026-01-01T12:00:00Z`);
  return ms;
}

/** Writes with back-pressure, so a large export to a slow pipe never buffers the whole log. */
function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (stream.write(text)) return Promise.resolve();
  return new Promise((resolve) => stream.once('drain', () => resolve()));
}
