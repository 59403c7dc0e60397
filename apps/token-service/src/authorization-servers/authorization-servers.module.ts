import { Module } from '@nestjs/common';

/** Management API for authorization servers, their access policies and rules (Okta-shaped). */
@Module({
  controllers: [],
  providers: [],
})
export class AuthorizationServersModule {}
