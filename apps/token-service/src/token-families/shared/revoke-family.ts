import { tokenFamilyDecider, tokenFamilyStreamName, type RevokeFamily, type TokenFamilyState } from '@ledger/domain';
import { CommandLoop, uuidv7, type StreamLoader } from '@ledger/event-sourcing';
import { metadataOf, type RequestContext } from '../../shared/request-context';

/**
 * Revokes one token family through the command loop: the one place every revocation (RFC 7009,
 * a disabled client, an ops "revoke all of a subject") goes through. Resolves to whether the
 * family was revoked now (false: already ended, or the decider's `onlyForClientId` /
 * `authorizationServerId` guard made it a no-op). With `requestingClientId` (RFC 7009), another
 * client's family is refused instead: `RevocationRejected`, nothing appended.
 */
export async function revokeFamily(
  loop: CommandLoop,
  load: StreamLoader<TokenFamilyState>,
  data: RevokeFamily['data'],
  context: RequestContext,
): Promise<boolean> {
  const result = await loop.run({
    streamName: tokenFamilyStreamName(data.familyId),
    decider: tokenFamilyDecider,
    load,
    command: { type: 'RevokeFamily', data },
    commandId: uuidv7(),
    metadata: metadataOf(context),
  });
  return result.events.length > 0;
}
