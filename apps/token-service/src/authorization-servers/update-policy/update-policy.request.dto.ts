import { CreatePolicyRequestDto } from '../create-policy/create-policy.request.dto';

/**
 * Body of `PUT .../{as}/policies/{policyId}`: the whole policy, as on create (Okta's PUT
 * replaces). `id`, when present, must be the one in the path; `status` is ignored, because
 * only the lifecycle operations change it.
 */
export class UpdatePolicyRequestDto extends CreatePolicyRequestDto {}
