import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OpenApiDocumentSource } from './openapi-document.source';

/**
 * `GET /openapi.json`: this document. Public like discovery: it names routes and shapes, never
 * a credential or a configured value.
 */
@ApiTags('ops')
@Controller()
export class OpenApiHttpController {
  constructor(private readonly source: OpenApiDocumentSource) {}

  @Get('openapi.json')
  @Header('Content-Type', 'application/json; charset=utf-8')
  @Header('Cache-Control', 'max-age=300, public')
  @ApiOperation({ operationId: 'getOpenApiDocument', summary: 'The OpenAPI 3.1 document of every HTTP route' })
  @ApiOkResponse({ description: 'The OpenAPI 3.1 document', schema: { type: 'object', required: ['openapi', 'info', 'paths'], properties: { openapi: { type: 'string' }, info: { type: 'object' }, paths: { type: 'object' }, components: { type: 'object' } } } })
  document(): string {
    return this.source.json();
  }
}
