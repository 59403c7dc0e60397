import { execFile } from 'node:child_process';
import * as path from 'node:path';

/** The HTTP methods an OpenAPI path item may hold an operation for. */
export const OPENAPI_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface OpenApiOperationObject {
  operationId?: string;
  summary?: string;
  tags?: string[];
  responses?: Record<string, unknown>;
  parameters?: { name: string; in: string }[];
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** One operation of a document: its method (upper case), its path as written there, the object. */
export interface DocumentedOperation {
  readonly method: string;
  readonly path: string;
  readonly operation: OpenApiOperationObject;
}

/** Every operation of the document, in document order. */
export function operationsOf(document: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    OPENAPI_METHODS.filter((method) => item[method] !== undefined).map((method) => ({
      method: method.toUpperCase(),
      path,
      operation: item[method] as OpenApiOperationObject,
    })),
  );
}

/** The service's document, as served at `GET /openapi.json`. */
export async function fetchOpenApiDocument(baseUrl: string): Promise<OpenApiDocument> {
  const response = await fetch(`${baseUrl}/openapi.json`);
  if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
  return (await response.json()) as OpenApiDocument;
}

export interface SchemaValidation {
  readonly valid: boolean;
  readonly version: string;
  readonly errors: unknown[];
}

/**
 * The document checked against the official OpenAPI JSON schema of its version by
 * @seriousme/openapi-schema-validator, run in a child process (validate-openapi.mjs).
 */
export function validateAgainstOpenApiSchema(document: unknown): Promise<SchemaValidation> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [path.join(__dirname, 'validate-openapi.mjs')], { env: { PATH: process.env.PATH ?? '' } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`validate-openapi.mjs failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as SchemaValidation);
    });
    child.stdin!.end(JSON.stringify(document));
  });
}

/**
 * What the project asks of every operation beyond the schema: an operationId (unique), a tag,
 * a summary and at least one 2xx or 3xx response. One line per missing piece.
 */
export function operationProblems(document: OpenApiDocument): string[] {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  for (const { method, path, operation } of operationsOf(document)) {
    const where = `${method} ${path}`;
    const id = operation.operationId;
    if (!id) problems.push(`${where}: no operationId`);
    else if (ids.has(id)) problems.push(`${where}: operationId ${id} also used by ${ids.get(id)}`);
    else ids.set(id, where);
    if (!operation.tags || operation.tags.length === 0) problems.push(`${where}: no tag`);
    if (!operation.summary) problems.push(`${where}: no summary`);
    if (!Object.keys(operation.responses ?? {}).some((status) => /^[23](\d\d|XX)$/.test(status))) problems.push(`${where}: no 2xx or 3xx response`);
  }
  return problems;
}
