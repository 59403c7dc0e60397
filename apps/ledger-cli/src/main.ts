import { runLedgerCli, type CliLogger } from './ledger-cli';

/**
 * What the libraries log (e.g. the EventStoreDB connection) goes to stderr as JSON, so stdout
 * carries only the command's output (NDJSON, JSON).
 */
const stderrLogger: CliLogger = {
  log: (message) => writeLine('info', message),
  warn: (message) => writeLine('warn', message),
  error: (message) => writeLine('error', message),
};

function writeLine(level: string, fields: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ level, ...fields })}\n`);
}

/** `npm run ledger -- <command>` (the build in dist): see `USAGE` in ledger-cli.ts. */
runLedgerCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => Date.now(), logger: stderrLogger }).then(
  (code) => {
    // exitCode, not exit(): stdout may still be draining into a pipe.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ledger: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  },
);
