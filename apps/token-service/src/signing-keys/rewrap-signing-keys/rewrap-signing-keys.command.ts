import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';
import type { RewrapSigningKeysResponse } from './rewrap-signing-keys.response';

/**
 * Rewrap every recorded signing key (of every authorization server, active or not, retired keys
 * included) whose private half is wrapped under a previous key-encryption key, under the current
 * one; afterwards the previous key-encryption key can be dropped.
 */
export class RewrapSigningKeysCommand extends Command<RewrapSigningKeysResponse> {
  constructor(readonly context: RequestContext) {
    super();
  }
}
