import { Controller, Get, Header, Param } from '@nestjs/common';
import type { PublicJwks } from '@ledger/token-crypto';
import { ConfigurationRegistry } from '../configuration/configuration.registry';
import { SigningKeysService } from '../signing-keys/signing-keys.service';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthorizationServerParam } from '../openapi/api-docs';
import { ApiOAuthErrors } from '../oauth-errors/oauth-error.schema';
import { JwksDto } from './oauth.schemas';

/** `GET /oauth2/{as}/v1/keys`: the JWKS with every key a verifier may still need. */
@ApiTags('oauth')
@Controller('oauth2/:as/v1')
export class KeysHttpController {
  constructor(
    private readonly registry: ConfigurationRegistry,
    private readonly keys: SigningKeysService,
  ) {}

  @Get('keys')
  // Verifiers cache the set. A key rotated to signs at once, so a verifier meeting its unknown
  // kid must re-fetch (jose's remote JWK set and openid-client do); a replaced key stays here
  // until every token it signed has expired.
  @Header('Cache-Control', 'max-age=300, public')
  @ApiOperation({ operationId: 'getKeys', summary: "The authorization server's public signing keys (JWKS)" })
  @ApiAuthorizationServerParam()
  @ApiOkResponse({ type: JwksDto, description: 'Every key a verifier may still need, the active one first' })
  @ApiOAuthErrors(404)
  keysOf(@Param('as') as: string): PublicJwks {
    this.registry.requireServer(as);
    return this.keys.jwks(as);
  }
}
