/** A command line split into positional words and `--name value` / `--name=value` options. */
export interface ParsedArgs {
  readonly positional: readonly string[];
  readonly options: ReadonlyMap<string, string | true>;
}

/** A command line the CLI cannot run (exit code 2, with the message and the usage). */
export class UsageError extends Error {
  readonly code = 'usage' as const;
}

/** Options that never take a value, so `history --json <familyId>` keeps the id as an argument. */
const FLAGS: ReadonlySet<string> = new Set(['json', 'service-stopped', 'help']);

/**
 * Splits argv. An option takes the next word as its value unless that word is another option
 * or the option is one of {@link FLAGS} (then it is a flag); `--` ends the options.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (word === '-h') {
      options.set('help', true);
      continue;
    }
    if (!word.startsWith('--')) {
      positional.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    if (eq > 0) {
      options.set(word.slice(2, eq), word.slice(eq + 1));
    } else if (!FLAGS.has(word.slice(2)) && i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      options.set(word.slice(2), argv[++i]);
    } else {
      options.set(word.slice(2), true);
    }
  }
  return { positional, options };
}

/** The value of `--name`, `undefined` when absent; a bare flag is a usage error. */
export function optionValue(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  if (value === true) throw new UsageError(`--${name} needs a value`);
  return value;
}

/** Refuses options the command does not know, so a typo is never silently ignored. */
export function onlyOptions(args: ParsedArgs, allowed: readonly string[]): void {
  for (const name of args.options.keys()) {
    if (!allowed.includes(name)) throw new UsageError(`unknown option --${name}`);
  }
}
