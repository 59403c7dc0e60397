import { Module } from '@nestjs/common';

/** Management API for signing keys: list and rotate an authorization server's credentials. */
@Module({
  controllers: [],
  providers: [],
})
export class SigningKeysModule {}
