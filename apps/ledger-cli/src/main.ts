import 'reflect-metadata';
import { Logger, type LoggerService } from '@nestjs/common';
import { runLedgerCli } from './ledger-cli';

/**
 * Shared code logs through Nest's `Logger` (e.g. the EventStoreDB connection); here those lines
 * go to stderr as JSON, so stdout carries only the command's output (NDJSON, JSON).
 */
const stderrLogger: LoggerService = {
  log: (message: unknown) => writeLine('info', message),
  warn: (message: unknown) => writeLine('warn', message),
  error: (message: unknown) => writeLine('error', message),
  fatal: (message: unknown) => writeLine('fatal', message),
  debug: () => undefined,
  verbose: () => undefined,
};

function writeLine(level: string, message: unknown): void {
  const fields = typeof message === 'object' && message !== null ? message : { msg: String(message) };
  process.stderr.write(`${JSON.stringify({ level, ...fields })}\n`);
}

/** `npm run ledger -- <command>`: see `USAGE` in ledger-cli.ts. */
Logger.overrideLogger(stderrLogger);
runLedgerCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => Date.now() }).then(
  (code) => {
    // exitCode, not exit(): stdout may still be draining into a pipe.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ledger: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  },
);
