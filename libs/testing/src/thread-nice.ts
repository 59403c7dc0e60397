import { readdirSync, readFileSync } from 'node:fs';

/**
 * The nice value of every thread of this process, by thread id (Linux, from
 * `/proc/self/task/<tid>/stat`: field 19, counted after the parenthesised command name, which
 * may itself contain spaces).
 */
export function threadNiceValues(): Map<number, number> {
  const values = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread exited meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    values.set(Number(tid), Number(fields[16]));
  }
  return values;
}
