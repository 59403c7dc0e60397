import { ClientMetadataRequestDto } from '../shared/client-metadata.request.dto';

/**
 * Body of `PUT /api/v1/clients/{clientId}`: the whole client metadata (RFC 7592 §2.2
 * replaces, so omitted members take their defaults). `client_id`, if sent, must be the path's;
 * `status`, if sent, must be the current one; `client_secret` is refused (use
 * `lifecycle/newSecret`).
 */
export class UpdateClientRequestDto extends ClientMetadataRequestDto {}
