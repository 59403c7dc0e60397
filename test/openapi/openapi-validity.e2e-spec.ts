import { startLedger, type TestLedger } from '../support/ledger-harness';
import { fetchOpenApiDocument, operationProblems, operationsOf, validateAgainstOpenApiSchema, type OpenApiDocument } from './openapi-operations';

/**
 * The served document is a valid OpenAPI 3.1 document (the official JSON schema, through a
 * standard validator), and every operation is one a client generator and a reader can use.
 */
describe('GET /openapi.json', () => {
  let ledger: TestLedger;
  let document: OpenApiDocument;
  beforeAll(async () => {
    ledger = await startLedger();
    document = await fetchOpenApiDocument(ledger.baseUrl);
  });
  afterAll(async () => {
    await ledger?.close();
  });

  it('validates against the OpenAPI 3.1 schema', async () => {
    expect(document.openapi).toBe('3.1.0');
    const result = await validateAgainstOpenApiSchema(document);
    expect(result).toEqual({ valid: true, version: '3.1', errors: [] });
  });

  it('gives every operation an operationId (unique), a tag, a summary and a 2xx or 3xx response', () => {
    expect(operationsOf(document).length).toBeGreaterThan(0);
    const problems = operationProblems(document);
    if (problems.length > 0) {
      throw new Error(`${problems.length} operation problem(s); decorate the controller (docs/openapi.md):\n  ${problems.join('\n  ')}`);
    }
  });

  it('catches a broken document (the checks can fail)', async () => {
    const broken = structuredClone(document) as OpenApiDocument & { info?: unknown };
    delete broken.info;
    const [first] = operationsOf(broken);
    first.operation.responses = { '400': { description: 'refused' } };
    delete first.operation.summary;
    delete first.operation.tags;
    const [, second] = operationsOf(broken);
    second.operation.operationId = first.operation.operationId;

    const result = await validateAgainstOpenApiSchema(broken);
    expect(result.valid).toBe(false);
    expect(JSON.stringify(result.errors)).toContain("must have required property 'info'");
    const where = `${first.method} ${first.path}`;
    expect(operationProblems(broken)).toEqual(
      expect.arrayContaining([`${where}: no tag`, `${where}: no summary`, `${where}: no 2xx or 3xx response`, `${second.method} ${second.path}: operationId ${first.operation.operationId} also used by ${where}`]),
    );
  });
});
