import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The security schemes every route names (`@ApiSecurity`): the two bearer roles and client Basic. */
export const SECURITY_SCHEMES = { admin: 'admin', auditor: 'auditor', clientBasic: 'clientBasic' } as const;

const DESCRIPTION = [
  'Token Ledger: an event-sourced OAuth 2.0 token service with Okta-compatible endpoints.',
  '',
  'Every route of the HTTP API: the token endpoints (`/oauth2/{as}/v1/...`), discovery and keys, the',
  'issuance API, the management API (`/api/v1/...`, Okta\'s shapes and error format), the audit API',
  '(auditor credential), the ops API (admin credential), health and metrics. OAuth routes answer',
  'errors as RFC 6749 `{error, error_description}`; management routes as Okta\'s error object.',
  '',
  'The admin and auditor credentials are sent as `Authorization: Bearer <token>` (Okta\'s',
  '`SSWS <token>` is accepted too). Generated from the code: the service serves it at',
  '`GET /openapi.json`.',
].join('\n');

/** name and version of the repository's package.json, found upwards from this file (source or dist). */
function packageInfo(): { name: string; version: string } {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name && pkg.version) return { name: pkg.name, version: pkg.version };
    }
    if (path.dirname(dir) === dir) throw new Error('package.json not found above ' + __dirname);
  }
}

/**
 * The OpenAPI 3.1 document of the app's HTTP routes, from the `@nestjs/swagger` decorators on
 * its controllers and DTOs. No `servers` entry: the document is the same on every host (the
 * committed copy in docs/ is compared with it), and a client resolves paths against the URL it
 * fetched the document from.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const { name, version } = packageInfo();
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle(name)
    .setVersion(version)
    .setDescription(DESCRIPTION)
    // The admin and auditor credentials are opaque tokens (not JWTs), one scheme per role.
    .addSecurity(SECURITY_SCHEMES.admin, { type: 'http', scheme: 'bearer', description: 'The admin credential (LEDGER_ADMIN_TOKEN); Okta\'s `SSWS <token>` is accepted too.' })
    .addSecurity(SECURITY_SCHEMES.auditor, { type: 'http', scheme: 'bearer', description: 'The auditor credential (LEDGER_AUDITOR_TOKEN); Okta\'s `SSWS <token>` is accepted too.' })
    .addSecurity(SECURITY_SCHEMES.clientBasic, { type: 'http', scheme: 'basic', description: 'client_secret_basic: the client id and secret (RFC 6749 §2.3.1).' })
    .build();
  // No tag made up from a controller's class name: every controller names its area (@ApiTags).
  return withJsonSchemaNulls(SwaggerModule.createDocument(app, config, { autoTagControllers: false }));
}

/**
 * `@ApiProperty({ nullable: true })` writes OpenAPI 3.0's `nullable`, which 3.1 dropped for
 * JSON Schema's own form: `type: [T, 'null']` (and `null` among an `enum`), or `anyOf` with
 * `{type: 'null'}` for a referenced schema. Rewritten here, once, for every schema.
 */
function withJsonSchemaNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withJsonSchemaNulls) as T;
  if (value === null || typeof value !== 'object') return value;
  const { nullable, ...rest } = Object.fromEntries(Object.entries(value).map(([key, member]) => [key, withJsonSchemaNulls(member)])) as Record<string, unknown>;
  if (nullable !== true) return (nullable === undefined ? rest : { ...rest, nullable }) as T;
  const { allOf, type, ...others } = rest;
  if (Array.isArray(allOf) && allOf.length === 1) return { ...others, anyOf: [allOf[0], { type: 'null' }] } as T;
  if (typeof type !== 'string') throw new Error(`nullable without a single type or reference: ${JSON.stringify(value)}`);
  return { ...others, type: [type, 'null'], ...(Array.isArray(others.enum) ? { enum: [...others.enum, null] } : {}) } as T;
}

/**
 * The document as text, keys sorted at every level and indented, so the committed copy changes
 * only when the API does and diffs read well.
 */
export function stableOpenApiJson(document: OpenAPIObject): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
