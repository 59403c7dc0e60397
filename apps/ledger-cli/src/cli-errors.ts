/** A family, stream or file the CLI was asked about that does not exist (exit code 2). */
export class NotFound extends Error {
  readonly code = 'not_found' as const;
}

/** A command the CLI will not run as things are (exit code 2): the message says why and what to do instead. */
export class Refused extends Error {
  readonly code = 'refused' as const;
}
