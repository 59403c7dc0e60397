import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { OPENAPI_ARTIFACTS } from '../../apps/token-service/tools/openapi-artifacts';
import { startLedger, type TestLedger } from '../support/ledger-harness';

const ROOT = path.resolve(__dirname, '..', '..');
const REGISTER = require.resolve('../support/register-ts.js');
const SCRIPT = 'apps/token-service/tools/openapi-artifacts.ts';
const STALE = 'differs from what the code produces: run `npm run openapi` and commit the result';

/**
 * The committed docs/openapi.json and the console's generated client types are what the code
 * produces, and the document is what the running service serves.
 */
describe('the generated OpenAPI artefacts', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(async () => {
    await ledger?.close();
  });

  it('docs/openapi.json and apps/console/src/api/openapi.d.ts are what `npm run openapi` writes', async () => {
    // The script itself (as `npm run openapi` runs it), into a scratch root: openapi-typescript
    // and its dependencies are ES modules Jest's module system would not load.
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-openapi-check-'));
    try {
      await promisify(execFile)(process.execPath, ['-r', REGISTER, SCRIPT, '--out-dir', outDir], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
      const stale = Object.values(OPENAPI_ARTIFACTS).filter((file) => {
        const committed = path.join(ROOT, file);
        return !fs.existsSync(committed) || fs.readFileSync(committed, 'utf8') !== fs.readFileSync(path.join(outDir, file), 'utf8');
      });
      if (stale.length > 0) throw new Error(`${stale.join(' and ')} ${STALE}`);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('GET /openapi.json serves the committed document as JSON, with no credential', async () => {
    const response = await fetch(`${ledger.baseUrl}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json\b/);
    const served = await response.text();
    const committed = fs.readFileSync(path.join(ROOT, OPENAPI_ARTIFACTS.document), 'utf8');
    if (served !== committed) throw new Error(`${OPENAPI_ARTIFACTS.document} ${STALE}`);
    expect(JSON.parse(served)).toMatchObject({ openapi: '3.1.0', info: { title: 'token-ledger', version: expect.any(String) } });
  });
});
