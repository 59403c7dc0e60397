import { Module } from '@nestjs/common';
import { ListSigningKeysHandler } from './list-signing-keys/list-signing-keys.handler';
import { ListSigningKeysHttpController } from './list-signing-keys/list-signing-keys.http.controller';
import { RotateSigningKeyHandler } from './rotate-signing-key/rotate-signing-key.handler';
import { RotateSigningKeyHttpController } from './rotate-signing-key/rotate-signing-key.http.controller';

/**
 * Management API for signing keys: list and rotate an authorization server's credentials.
 * The keys themselves are served by `SigningKeysService`, which the global core module provides.
 */
@Module({
  controllers: [ListSigningKeysHttpController, RotateSigningKeyHttpController],
  providers: [ListSigningKeysHandler, RotateSigningKeyHandler],
})
export class SigningKeysModule {}
