import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadLedgerConfig } from '@ledger/config';
import { createTokenLedgerApp } from '../src/app.factory';
import { OpenApiDocumentSource } from '../src/openapi/openapi-document.source';

/**
 * `npm run openapi`: writes the service's OpenAPI document to docs/openapi.json and the console's
 * client types (openapi-typescript's `paths`) to apps/console/src/api/openapi.d.ts, from the app
 * itself. A test fails when either committed file differs from what the code produces
 * (test/openapi/openapi-artifacts.e2e-spec.ts, which runs this script). Not part of the service build.
 */

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The generated files, by path from the repository root. */
export const OPENAPI_ARTIFACTS = {
  document: 'docs/openapi.json',
  consoleTypes: 'apps/console/src/api/openapi.d.ts',
} as const;

const TYPES_HEADER = [
  '/**',
  ' * The token service\'s HTTP API as TypeScript types (openapi-typescript), for the console\'s',
  ' * openapi-fetch client. Generated from docs/openapi.json by `npm run openapi`: do not edit.',
  ' */',
  '',
].join('\n');

/**
 * The document exactly as the app serves it at `GET /openapi.json`: the app is booted on a
 * temporary data directory with the repository's bootstrap configuration and initialised (no
 * port is opened), as the e2e suites boot it.
 */
export async function renderOpenApiDocument(): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-openapi-'));
  try {
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'error' });
    const app = await createTokenLedgerApp(config, { logDestination: { write: () => undefined } });
    try {
      await app.init();
      return app.get(OpenApiDocumentSource).json();
    } finally {
      await app.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** openapi-typescript's `paths`/`components`/`operations` types of a document. */
export async function renderConsoleTypes(documentJson: string): Promise<string> {
  // Loaded here: a devDependency, needed only to generate.
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const ast = await openapiTS(JSON.parse(documentJson), { silent: true });
  return TYPES_HEADER + astToString(ast);
}

/** Both artefacts, by path from the repository root. */
async function renderOpenApiArtifacts(): Promise<Record<string, string>> {
  const document = await renderOpenApiDocument();
  return { [OPENAPI_ARTIFACTS.document]: document, [OPENAPI_ARTIFACTS.consoleTypes]: await renderConsoleTypes(document) };
}

/** `--out-dir <dir>` writes under another root (the staleness test compares that copy). */
async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf('--out-dir');
  const root = at >= 0 && argv[at + 1] ? path.resolve(argv[at + 1]) : ROOT;
  for (const [file, text] of Object.entries(await renderOpenApiArtifacts())) {
    const target = path.join(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
