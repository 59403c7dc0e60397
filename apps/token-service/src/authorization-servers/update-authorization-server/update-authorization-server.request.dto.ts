import { CreateAuthorizationServerRequestDto } from '../create-authorization-server/create-authorization-server.request.dto';

/**
 * Body of `PUT /api/v1/authorizationServers/{as}`: the whole server, as on create (Okta's PUT
 * replaces). `id`, when present, must be the one in the path; `status` is ignored, because
 * only the lifecycle operations change it.
 */
export class UpdateAuthorizationServerRequestDto extends CreateAuthorizationServerRequestDto {}
