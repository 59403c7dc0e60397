import { Module } from '@nestjs/common';
import { SealsModule } from '../audit/seals/seals.module';
import { ListSigningKeysHandler } from './list-signing-keys/list-signing-keys.handler';
import { ListSigningKeysHttpController } from './list-signing-keys/list-signing-keys.http.controller';
import { RewrapSigningKeysHandler } from './rewrap-signing-keys/rewrap-signing-keys.handler';
import { RewrapSigningKeysHttpController } from './rewrap-signing-keys/rewrap-signing-keys.http.controller';
import { RotateSigningKeyHandler } from './rotate-signing-key/rotate-signing-key.handler';
import { RotateSigningKeyHttpController } from './rotate-signing-key/rotate-signing-key.http.controller';

/**
 * Management API for signing keys: list and rotate an authorization server's credentials, and
 * rewrap every private key under the current key-encryption key.
 * The keys themselves are served by `SigningKeysService`, which the global core module provides.
 */
@Module({
  imports: [SealsModule],
  controllers: [ListSigningKeysHttpController, RotateSigningKeyHttpController, RewrapSigningKeysHttpController],
  providers: [ListSigningKeysHandler, RotateSigningKeyHandler, RewrapSigningKeysHandler],
})
export class SigningKeysModule {}
