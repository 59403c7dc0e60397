import { runLedgerCli, type CliLogger } from './ledger-cli';

/**
 * What the libraries log (e.g. the EventStoreDB connection) goes to stderr as JSON, so stdout
 * carries only the command's output (the readable text, NDJSON, JSON).
 */
const stderrLogger: CliLogger = {
  log: (message) => writeLine('info', message),
  warn: (message) => writeLine('warn', message),
  error: (message) => writeLine('error', message),
};

function writeLine(level: string, fields: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ level, ...fields })}\n`);
}

// A reader that stops early (`ledger history <id> | head`) closes the pipe: that ends the
// command as a shell tool would, quietly, rather than with an unhandled EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

/** `npm run ledger -- <command>` (the build in dist): see `USAGE` in ledger-cli.ts. */
runLedgerCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  stdoutIsTerminal: process.stdout.isTTY === true,
  env: process.env,
  now: () => Date.now(),
  logger: stderrLogger,
}).then(
  (code) => {
    // exitCode, not exit(): stdout may still be draining into a pipe.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ledger: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  },
);
