import { Module } from '@nestjs/common';
import { DiscoveryHttpController } from './discovery.http.controller';
import { KeysHttpController } from './keys.http.controller';

/** The Okta-compatible OAuth surface that is no use case of its own: discovery and the JWKS. */
@Module({
  controllers: [KeysHttpController, DiscoveryHttpController],
})
export class OAuthModule {}
