/** Kinds of configuration object a not-found or conflict error can name. */
export type ConfigurationResource =
  | 'authorizationServer'
  | 'accessPolicy'
  | 'policyRule'
  | 'client'
  | 'clientSecret'
  | 'trustedOrigin';

/**
 * A configuration value breaks a rule (Okta's ranges, unknown grant type, missing secret...).
 * `field` is the path in the submitted object (`actions.token.refreshTokenLifetimeMinutes`,
 * `policies[0].rules[1].priority` in a declaration); `reason` says what is wrong without
 * echoing the value, so a secret typed into the wrong field never reaches a log.
 */
export class InvalidConfigurationError extends Error {
  readonly code = 'invalid_configuration' as const;
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'InvalidConfigurationError';
  }
}

/** The command names a configuration object that does not exist (or was deleted). */
export class ConfigurationNotFoundError extends Error {
  readonly code = 'configuration_not_found' as const;
  constructor(
    readonly resource: ConfigurationResource,
    readonly id: string,
  ) {
    super(`${resource} '${id}' not found`);
    this.name = 'ConfigurationNotFoundError';
  }
}

/** The command conflicts with what exists: an id already taken, or a deleted aggregate reused. */
export class ConfigurationConflictError extends Error {
  readonly code = 'configuration_conflict' as const;
  constructor(
    readonly resource: ConfigurationResource,
    readonly id: string,
    readonly reason: string,
  ) {
    super(`${resource} '${id}': ${reason}`);
    this.name = 'ConfigurationConflictError';
  }
}
