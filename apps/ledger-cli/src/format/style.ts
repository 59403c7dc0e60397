/**
 * How the readable output marks what must stand out. Colour is for a person at a terminal
 * only: a pipe, a file or `NO_COLOR` (https://no-color.org) gets the same text without escape
 * codes, and the markers (`!`) carry the meaning either way.
 */
export interface Style {
  /** A revocation, a reuse detection, a broken chain. */
  readonly alert: (text: string) => string;
  /** Inactive, expired, not yet sealed: worth a look, not an alarm. */
  readonly warn: (text: string) => string;
  readonly ok: (text: string) => string;
  /** Secondary detail (hash links). */
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
}

const same = (text: string): string => text;

export const PLAIN_STYLE: Style = { alert: same, warn: same, ok: same, dim: same, bold: same };

function sgr(open: string): (text: string) => string {
  return (text) => `\u001b[${open}m${text}\u001b[0m`;
}

export const ANSI_STYLE: Style = { alert: sgr('1;31'), warn: sgr('33'), ok: sgr('32'), dim: sgr('2'), bold: sgr('1') };

/** Colour only on a terminal, and never when `NO_COLOR` is set to anything but the empty string. */
export function styleFor(isTerminal: boolean, env: Readonly<Record<string, string | undefined>>): Style {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return isTerminal && !noColor ? ANSI_STYLE : PLAIN_STYLE;
}
