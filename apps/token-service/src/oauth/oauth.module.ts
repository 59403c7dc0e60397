import { Module } from '@nestjs/common';
import { TokenFamiliesModule } from '../token-families/token-families.module';
import { DiscoveryHttpController } from './discovery.http.controller';
import { KeysHttpController } from './keys.http.controller';
import { TokenEndpointHttpController } from './token-endpoint.http.controller';

/** The Okta-compatible OAuth surface that is not one use case: the token endpoint (grant dispatch), discovery, JWKS. */
@Module({
  imports: [TokenFamiliesModule],
  controllers: [TokenEndpointHttpController, KeysHttpController, DiscoveryHttpController],
})
export class OAuthModule {}
