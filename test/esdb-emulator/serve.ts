/**
 * Runs the EventStoreDB emulator as a process of its own, for users and for end-to-end tests
 * that start services as separate processes (and `npm run bench -- --store=emulator`):
 *
 *   npm run esdb-emulator -- --port 2113 [--nodes 3] [--control-port 2199]
 *                            [--replication-lag-ms N] [--election-ms N] [--require-auth]
 *
 * Node i (from 1) listens on 127.0.0.1:port+i-1; `--port 0` (the default) takes ephemeral
 * ports. The first line of stdout is the connection string; with `--control-port`, the second
 * is `control http://127.0.0.1:<port>` (`control.ts`). It stops on SIGTERM or SIGINT.
 * Test tooling only: the product never starts it.
 */
import { startControlServer } from './control';
import { type EsdbEmulatorOptions, startEsdbEmulator } from './index';

interface Arguments {
  readonly options: EsdbEmulatorOptions & { readonly requireAuth?: boolean };
  readonly controlPort?: number;
}

const USAGE =
  'usage: esdb-emulator [--port N] [--nodes 1|3] [--control-port N] [--replication-lag-ms N] [--election-ms N] [--require-auth]';

function parseArguments(argv: readonly string[]): Arguments {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    const [name, inline] = argument.split('=', 2);
    if (name === '--require-auth') {
      flags.add(name);
    } else if (['--port', '--nodes', '--control-port', '--replication-lag-ms', '--election-ms'].includes(name)) {
      const value = inline ?? argv[++index];
      if (value === undefined) throw new Error(`${name} needs a value\n${USAGE}`);
      values.set(name, value);
    } else {
      throw new Error(`Unknown argument ${argument}\n${USAGE}`);
    }
  }
  const number = (name: string): number | undefined => {
    const text = values.get(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${text}`);
    return value;
  };
  const nodes = number('--nodes') ?? 1;
  if (nodes !== 1 && nodes !== 3) throw new Error(`--nodes must be 1 or 3, got ${nodes}`);
  return {
    options: {
      nodes,
      port: number('--port') ?? 0,
      replicationLagMs: number('--replication-lag-ms'),
      electionMs: number('--election-ms'),
      ...(flags.has('--require-auth') ? { requireAuth: true } : {}),
    },
    controlPort: number('--control-port'),
  };
}

async function main(): Promise<void> {
  const { options, controlPort } = parseArguments(process.argv.slice(2));
  const emulator = await startEsdbEmulator(options);
  const control = controlPort === undefined ? undefined : await startControlServer(emulator, controlPort);
  process.stdout.write(`${emulator.connectionString}\n`);
  if (control) process.stdout.write(`control ${control.url}\n`);
  const stop = (): void => {
    void Promise.all([control?.close(), emulator.stop()]).then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`esdb-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
