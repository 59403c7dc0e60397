import { ClientMetadataRequestDto } from '../shared/client-metadata.request.dto';

/** Body of `POST /api/v1/clients` (JSON, RFC 7591 §2 names). `client_secret` is refused. */
export class RegisterClientRequestDto extends ClientMetadataRequestDto {}
