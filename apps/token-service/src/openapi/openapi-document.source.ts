import { Injectable, type INestApplication } from '@nestjs/common';
import { buildOpenApiDocument, stableOpenApiJson } from './openapi-document';

/**
 * The app's OpenAPI document, built once on first use. The document is scanned from the
 * application itself (its modules and controllers), which exists only once Nest created it:
 * `createTokenLedgerApp` attaches the app here, and the first `GET /openapi.json` builds it.
 */
@Injectable()
export class OpenApiDocumentSource {
  private app: INestApplication | undefined;
  private text: string | undefined;

  attach(app: INestApplication): void {
    this.app = app;
  }

  /** The document as served and committed (keys sorted: see {@link stableOpenApiJson}). */
  json(): string {
    if (this.text === undefined) {
      if (this.app === undefined) throw new Error('OpenApiDocumentSource used before the app was attached');
      this.text = stableOpenApiJson(buildOpenApiDocument(this.app));
    }
    return this.text;
  }
}
