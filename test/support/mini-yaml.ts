/**
 * A YAML reader for the subset compose files use (no `yaml` package in the dependencies):
 * block mappings and sequences by indentation, `- key: value` items, plain, single- and
 * double-quoted scalars, one-line flow sequences (`[a, "b"]`), `#` comments, anchors (`&a`),
 * aliases (`*a`) and merge keys (`<<: *a`). Scalars stay strings. Anything outside the subset
 * throws, so a test built on it fails loudly instead of reading a file wrongly.
 */
export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  readonly indent: number;
  readonly text: string;
  readonly number: number;
}

export function parseMiniYaml(source: string): YamlValue {
  const lines: Line[] = [];
  source.split('\n').forEach((raw, i) => {
    const text = stripComment(raw).trimEnd();
    if (text.trim() === '' || text.trim() === '---') return;
    if (/\t/.test(raw.slice(0, raw.length - raw.trimStart().length))) throw new Error(`line ${i + 1}: tab indentation`);
    lines.push({ indent: text.length - text.trimStart().length, text: text.trim(), number: i + 1 });
  });
  const anchors = new Map<string, YamlValue>();
  let at = 0;

  function block(indent: number): YamlValue {
    const first = lines[at];
    if (!first || first.indent < indent) return null;
    return first.text.startsWith('- ') || first.text === '-' ? sequence(first.indent) : mapping(first.indent);
  }

  function sequence(indent: number): YamlValue[] {
    const items: YamlValue[] = [];
    while (at < lines.length && lines[at].indent === indent && (lines[at].text.startsWith('- ') || lines[at].text === '-')) {
      const line = lines[at];
      const rest = line.text.slice(1).trimStart();
      if (rest === '') {
        at += 1;
        items.push(block(indent + 1));
      } else if (/^[^'"[{][^:]*:( |$)/.test(rest)) {
        // `- key: value` opens a mapping whose keys sit two columns in.
        const itemIndent = indent + (line.text.length - rest.length);
        lines[at] = { indent: itemIndent, text: rest, number: line.number };
        items.push(mapping(itemIndent));
      } else {
        at += 1;
        items.push(scalarOrAlias(rest, line));
      }
    }
    return items;
  }

  function mapping(indent: number): { [key: string]: YamlValue } {
    const map: { [key: string]: YamlValue } = {};
    while (at < lines.length && lines[at].indent === indent) {
      const line = lines[at];
      const match = /^("[^"]*"|'[^']*'|[^:]+?):(?: +(.*))?$/.exec(line.text);
      if (!match) throw new Error(`line ${line.number}: expected "key: value", got ${JSON.stringify(line.text)}`);
      const key = unquote(match[1]);
      let rest = match[2] ?? '';
      at += 1;
      let anchor: string | null = null;
      const anchored = /^&([\w-]+)\s*(.*)$/.exec(rest);
      if (anchored) {
        anchor = anchored[1];
        rest = anchored[2];
      }
      let value: YamlValue;
      if (rest === '') {
        const next = lines[at];
        // A sequence may sit at its key's own indentation.
        const nested = next && (next.indent > indent || (next.indent === indent && next.text.startsWith('- ')));
        value = nested ? block(next.indent) : null;
      } else value = scalarOrAlias(rest, line);
      if (anchor) anchors.set(anchor, value);
      if (key === '<<') {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`line ${line.number}: merge of a non-mapping`);
        for (const [k, v] of Object.entries(value)) if (!(k in map)) map[k] = v;
      } else map[key] = value;
    }
    if (at < lines.length && lines[at].indent > indent) throw new Error(`line ${lines[at].number}: unexpected indentation`);
    return map;
  }

  function scalarOrAlias(text: string, line: Line): YamlValue {
    if (text.startsWith('*')) {
      const name = text.slice(1);
      if (!anchors.has(name)) throw new Error(`line ${line.number}: unknown alias *${name}`);
      return anchors.get(name)!;
    }
    if (text.startsWith('[')) {
      if (!text.endsWith(']')) throw new Error(`line ${line.number}: multi-line flow sequence`);
      const inner = text.slice(1, -1).trim();
      return inner === '' ? [] : inner.split(',').map((part) => unquote(part.trim()));
    }
    if (text.startsWith('{') || text.startsWith('|') || text.startsWith('>')) {
      if (text === '{}') return {};
      throw new Error(`line ${line.number}: unsupported YAML ${JSON.stringify(text)}`);
    }
    return unquote(text);
  }

  const root = block(0);
  if (at < lines.length) throw new Error(`line ${lines[at].number}: unexpected content`);
  return root;
}

function unquote(text: string): string {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) return JSON.parse(text) as string;
  if (text.length >= 2 && text.startsWith("'") && text.endsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
  return text;
}

/** Drops a `#` comment that starts the line or follows a space, outside quotes. */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}
