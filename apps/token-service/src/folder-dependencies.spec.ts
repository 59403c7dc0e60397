import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The service's top-level folders form a directed graph: no two of them import each other, so
 * a newcomer can read any folder knowing what it depends on and what depends on it (issue 14).
 * dependency-cruiser checks file-level cycles; this checks the folder level, from the sources.
 */
const ROOT = __dirname;

/** `from -> to` for every relative import that crosses top-level folders (specs excluded). */
function folderEdges(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  const topOf = (file: string) => path.relative(ROOT, file).split(path.sep)[0];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (file.endsWith('.ts') && !file.endsWith('.spec.ts') && dir !== ROOT) {
        for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
          const target = path.resolve(path.dirname(file), spec);
          if (path.relative(ROOT, target).startsWith('..') || path.dirname(target) === ROOT) continue;
          const [from, to] = [topOf(file), topOf(target)];
          if (from === to) continue;
          const key = `${from} -> ${to}`;
          edges.set(key, [...(edges.get(key) ?? []), `${path.relative(ROOT, file)} imports ${spec}`]);
        }
      }
    }
  };
  visit(ROOT);
  return edges;
}

describe('apps/token-service/src folders', () => {
  it('no two folders import each other', () => {
    const edges = folderEdges();
    const mutual = [...edges.keys()]
      .filter((key) => {
        const [from, to] = key.split(' -> ');
        return from < to && edges.has(`${to} -> ${from}`);
      })
      .map((key) => {
        const [from, to] = key.split(' -> ');
        return { pair: `${from} <-> ${to}`, because: [...edges.get(key)!, ...edges.get(`${to} -> ${from}`)!] };
      });
    expect(mutual).toEqual([]);
  });

  it('sees the imports it checks (the graph is not empty)', () => {
    expect(folderEdges().get('token-families -> shared')?.length).toBeGreaterThan(0);
  });
});
