// Validates an OpenAPI document (JSON on stdin) against the official OpenAPI JSON schema of its
// version with @seriousme/openapi-schema-validator; prints {valid, errors} as JSON on stdout.
// A separate process because the validator is an ES module Jest's module system does not load.
import { Validator } from '@seriousme/openapi-schema-validator';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const validator = new Validator();
const result = await validator.validate(JSON.parse(Buffer.concat(chunks).toString('utf8')));
process.stdout.write(JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors ?? [] }));
