import { Controller, Get, Header, Param } from '@nestjs/common';
import type { PublicJwks } from '@ledger/token-crypto';
import { ConfigurationRegistry } from '../configuration/configuration.registry';
import { SigningKeysService } from '../signing-keys/signing-keys.service';

/** `GET /oauth2/{as}/v1/keys`: the JWKS with every key a verifier may still need. */
@Controller('oauth2/:as/v1')
export class KeysHttpController {
  constructor(
    private readonly registry: ConfigurationRegistry,
    private readonly keys: SigningKeysService,
  ) {}

  @Get('keys')
  // Verifiers cache the set; a rotated key is published before it signs anything.
  @Header('Cache-Control', 'max-age=300, public')
  keysOf(@Param('as') as: string): PublicJwks {
    this.registry.requireServer(as);
    return this.keys.jwks(as);
  }
}
