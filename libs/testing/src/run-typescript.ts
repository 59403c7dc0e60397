import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** How a child process ended, and everything it wrote (stdout and stderr, interleaved). */
export interface ChildRun {
  readonly exitCode: number | null;
  readonly output: string;
}

/**
 * Runs `node --require test/support/register-ts.js ...args` in the repository at `root` (so
 * the TypeScript sources run as they are) until it exits; for what must be seen from outside
 * the process, such as its survival or its exit. Kills it and rejects after `timeoutMs`.
 */
export function runTypeScript(root: string, args: readonly string[], timeoutMs: number): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--require', join(root, 'test', 'support', 'register-ts.js'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise<ChildRun>((resolveRun, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the child did not exit within ${timeoutMs} ms: ${output}`));
    }, timeoutMs);
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolveRun({ exitCode, output });
    });
  });
}
