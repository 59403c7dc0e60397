import { spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const REGISTER = require.resolve('../support/register-ts.js');
/** The CLI from source: `npm run ledger` runs its build (`dist/apps/ledger-cli/src/main.js`), the same code. */
const MAIN = 'apps/ledger-cli/src/main.ts';

/** How a CLI run ended and what it printed. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the ledger CLI as a child process, as `npm run ledger -- <args>` does (without npm's
 * banner, and from source), against `dataDir`, with `input` (if any) on its stdin. Resolves
 * when it exits; it reads the store and ends by itself.
 */
export function runCli(args: readonly string[], dataDir: string, env: Record<string, string> = {}, input?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', REGISTER, MAIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LEDGER_DATA_DIR: dataDir, ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (input !== undefined) child.stdin?.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The NDJSON lines of an output, parsed. */
export function ndjson(text: string): Record<string, any>[] {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, any>);
}
