import { Module } from '@nestjs/common';
import { OpenApiDocumentSource } from './openapi-document.source';
import { OpenApiHttpController } from './openapi.http.controller';

/** The OpenAPI document of the HTTP API, served at `GET /openapi.json`. */
@Module({
  controllers: [OpenApiHttpController],
  providers: [OpenApiDocumentSource],
  exports: [OpenApiDocumentSource],
})
export class OpenApiModule {}
