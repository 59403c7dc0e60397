import { Module } from '@nestjs/common';
import { ChangeTrustedOriginStatusHandler } from './change-trusted-origin-status/change-trusted-origin-status.handler';
import { ChangeTrustedOriginStatusHttpController } from './change-trusted-origin-status/change-trusted-origin-status.http.controller';
import { CorsHook } from './cors/cors.hook';
import { CreateTrustedOriginHandler } from './create-trusted-origin/create-trusted-origin.handler';
import { CreateTrustedOriginHttpController } from './create-trusted-origin/create-trusted-origin.http.controller';
import { DeleteTrustedOriginHandler } from './delete-trusted-origin/delete-trusted-origin.handler';
import { DeleteTrustedOriginHttpController } from './delete-trusted-origin/delete-trusted-origin.http.controller';
import { GetTrustedOriginHandler } from './get-trusted-origin/get-trusted-origin.handler';
import { GetTrustedOriginHttpController } from './get-trusted-origin/get-trusted-origin.http.controller';
import { ListTrustedOriginsHandler } from './list-trusted-origins/list-trusted-origins.handler';
import { ListTrustedOriginsHttpController } from './list-trusted-origins/list-trusted-origins.http.controller';
import { TrustedOriginResourceMapper } from './shared/trusted-origin-resource';
import { TrustedOriginsReader } from './shared/trusted-origins-reader';
import { TrustedOriginsWriter } from './shared/trusted-origins-writer';
import { UpdateTrustedOriginHandler } from './update-trusted-origin/update-trusted-origin.handler';
import { UpdateTrustedOriginHttpController } from './update-trusted-origin/update-trusted-origin.http.controller';

/**
 * Okta's Trusted Origins (`/api/v1/trustedOrigins`, admin credential), event-sourced in one
 * `trustedOrigins-org` stream, and the CORS they grant on the OAuth endpoints.
 */
@Module({
  controllers: [
    CreateTrustedOriginHttpController,
    ListTrustedOriginsHttpController,
    GetTrustedOriginHttpController,
    UpdateTrustedOriginHttpController,
    DeleteTrustedOriginHttpController,
    ChangeTrustedOriginStatusHttpController,
  ],
  providers: [
    TrustedOriginsReader,
    TrustedOriginsWriter,
    TrustedOriginResourceMapper,
    CreateTrustedOriginHandler,
    ListTrustedOriginsHandler,
    GetTrustedOriginHandler,
    UpdateTrustedOriginHandler,
    DeleteTrustedOriginHandler,
    ChangeTrustedOriginStatusHandler,
    CorsHook,
  ],
})
export class TrustedOriginsModule {}
