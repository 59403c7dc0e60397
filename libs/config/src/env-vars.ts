/**
 * Readers of one environment variable each, shared by every part of the configuration. An
 * invalid value fails the start with a message naming the variable (never echoing the value).
 */

/** An integer in `min..max`; unset or blank gives `def`. */
export function intVar(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer in ${min}..${max}`);
  return n;
}

/** `on` or `off` (any case); unset or empty gives `def`. */
export function onOffVar(env: NodeJS.ProcessEnv, name: string, def: boolean): boolean {
  const raw = (env[name] ?? '').toLowerCase();
  if (raw === '') return def;
  if (raw !== 'on' && raw !== 'off') throw new Error(`${name} must be on or off`);
  return raw === 'on';
}
