import type { Decider } from '../decider';
import { requireId } from '../ids';
import { ConfigurationConflictError, ConfigurationNotFoundError, InvalidConfigurationError } from '../policy/configuration.errors';
import type { TrustedOriginCommand, TrustedOriginInput } from './trusted-origin.commands';
import type { TrustedOriginEvent, TrustedOriginSettings } from './trusted-origin.events';
import {
  evolveTrustedOrigins,
  initialTrustedOriginsState,
  type StoredTrustedOrigin,
  type TrustedOriginsState,
} from './trusted-origin.state';
import { normalizeOrigin, requireOriginName, requireOriginScopes } from './trusted-origin.validation';

/**
 * Decides the events for one command against the organization's trusted origins. Every
 * origin is unique across them, ACTIVE or not (Okta answers a second one with `E0000001` on
 * `origin`), so the decider, which sees them all, refuses a duplicate before anything is
 * appended. An outcome already in the state (activating an active origin, a PUT that changes
 * nothing, deleting a deleted origin) yields no events.
 */
export function decideTrustedOrigins(command: TrustedOriginCommand, state: TrustedOriginsState): TrustedOriginEvent[] {
  switch (command.type) {
    case 'CreateTrustedOrigin': {
      const { trustedOrigin: input, status, now, actor } = command.data;
      const id = requireId(input.id, 'id');
      if (state.origins.some((o) => o.id === id)) throw new ConfigurationConflictError('trustedOrigin', id, 'already exists');
      if (state.deletedIds.includes(id)) throw new ConfigurationConflictError('trustedOrigin', id, 'was deleted; ids are not reused');
      const settings = normalize(input, id);
      requireUniqueOrigin(state, settings);
      return [{ type: 'TrustedOriginCreated', data: { trustedOrigin: { ...settings, status: status ?? 'ACTIVE' }, createdAt: now, createdBy: actor } }];
    }

    case 'UpdateTrustedOrigin': {
      const { trustedOrigin: input, now, actor } = command.data;
      const current = requireOrigin(state, input.id);
      const settings = normalize(input, current.id);
      requireUniqueOrigin(state, settings);
      if (sameSettings(current, settings)) return [];
      return [{ type: 'TrustedOriginUpdated', data: { trustedOrigin: settings, updatedAt: now, updatedBy: actor } }];
    }

    case 'ActivateTrustedOrigin': {
      const { id, now, actor } = command.data;
      const current = requireOrigin(state, id);
      return current.status === 'ACTIVE' ? [] : [{ type: 'TrustedOriginActivated', data: { id, activatedAt: now, activatedBy: actor } }];
    }

    case 'DeactivateTrustedOrigin': {
      const { id, now, actor } = command.data;
      const current = requireOrigin(state, id);
      return current.status === 'INACTIVE' ? [] : [{ type: 'TrustedOriginDeactivated', data: { id, deactivatedAt: now, deactivatedBy: actor } }];
    }

    case 'DeleteTrustedOrigin': {
      const { id, now, actor } = command.data;
      if (state.deletedIds.includes(id)) return [];
      requireOrigin(state, id);
      return [{ type: 'TrustedOriginDeleted', data: { id, deletedAt: now, deletedBy: actor } }];
    }
  }
}

function normalize(input: TrustedOriginInput, id: string): TrustedOriginSettings {
  return { id, name: requireOriginName(input.name), origin: normalizeOrigin(input.origin), scopes: requireOriginScopes(input.scopes) };
}

function requireUniqueOrigin(state: TrustedOriginsState, settings: TrustedOriginSettings): void {
  if (state.origins.some((o) => o.id !== settings.id && o.origin === settings.origin)) {
    throw new InvalidConfigurationError('origin', 'an object with this field already exists');
  }
}

function requireOrigin(state: TrustedOriginsState, id: string): StoredTrustedOrigin {
  const current = state.origins.find((o) => o.id === id);
  if (!current) throw new ConfigurationNotFoundError('trustedOrigin', id);
  return current;
}

function sameSettings(current: StoredTrustedOrigin, next: TrustedOriginSettings): boolean {
  return (
    current.name === next.name &&
    current.origin === next.origin &&
    current.scopes.length === next.scopes.length &&
    current.scopes.every((s, i) => s === next.scopes[i])
  );
}

/** The organization's trusted origins (`trustedOrigins-org`) as a decider. */
export const trustedOriginsDecider: Decider<TrustedOriginCommand, TrustedOriginEvent, TrustedOriginsState> = {
  decide: decideTrustedOrigins,
  evolve: evolveTrustedOrigins,
  initialState: initialTrustedOriginsState,
};
