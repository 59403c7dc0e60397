import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply } from 'fastify';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where the rendered API reference lives: under the console, beside (not inside) its SPA. */
export const API_REFERENCE_PATH = '/console/api';

/**
 * The only swagger-ui-dist files the page loads, with their types; nothing else of the package
 * is served (its sample index.html points at the internet).
 */
const SWAGGER_UI_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/**
 * Everything from this origin, nothing from the internet: Swagger UI's online validator badge
 * is switched off below, and the policy would refuse it anyway. Swagger UI sets inline styles.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Token Ledger API reference</title>
<link rel="icon" type="image/png" href="${API_REFERENCE_PATH}/favicon-32x32.png">
<link rel="stylesheet" href="${API_REFERENCE_PATH}/swagger-ui.css">
</head>
<body>
<div id="reference"></div>
<script src="${API_REFERENCE_PATH}/swagger-ui-bundle.js"></script>
<script src="${API_REFERENCE_PATH}/reference.js"></script>
</body>
</html>
`;

/**
 * Swagger UI on the service's own document. No "try it out" by default (a reader is one click
 * from sending a request with a credential), no validator (it would send the document to
 * validator.swagger.io).
 */
const SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#reference',
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

/** swagger-ui-dist's folder, as @nestjs/swagger (which depends on it) resolves it. */
function swaggerUiDistRoot(): string {
  const fromSwagger = path.dirname(require.resolve('@nestjs/swagger/package.json'));
  return path.dirname(require.resolve('swagger-ui-dist/package.json', { paths: [fromSwagger] }));
}

function sendText(reply: FastifyReply, type: string, body: string, extra: Record<string, string> = {}): FastifyReply {
  return reply.header('content-type', type).header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff').headers(extra).send(body);
}

/**
 * `GET /console/api`: the OpenAPI document rendered by Swagger UI, offline (three files of
 * swagger-ui-dist, streamed from node_modules). Routes on Fastify directly, in their own plugin
 * scope; they are more specific than the console SPA's (served at `/console`), so both coexist.
 * Not through @fastify/static: three fixed files need no directory serving, and its ES-module
 * dependencies would not load under Jest, which boots this app.
 */
export async function registerApiReference(app: NestFastifyApplication): Promise<void> {
  const root = swaggerUiDistRoot();
  await app.register(async (scope: FastifyInstance) => {
    for (const url of [API_REFERENCE_PATH, `${API_REFERENCE_PATH}/`]) {
      scope.get(url, (_request, reply) => sendText(reply, 'text/html; charset=utf-8', PAGE, { 'content-security-policy': CONTENT_SECURITY_POLICY }));
    }
    scope.get(`${API_REFERENCE_PATH}/reference.js`, (_request, reply) => sendText(reply, 'text/javascript; charset=utf-8', SCRIPT));
    for (const [file, type] of Object.entries(SWAGGER_UI_FILES)) {
      scope.get(`${API_REFERENCE_PATH}/${file}`, (_request, reply) =>
        reply
          .header('content-type', type)
          .header('cache-control', 'public, max-age=3600')
          .header('x-content-type-options', 'nosniff')
          .send(fs.createReadStream(path.join(root, file))),
      );
    }
  });
}
