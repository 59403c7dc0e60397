import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { load as parseYaml } from 'js-yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
/** The service's replicas in the cluster profile: the services built from this repository. */
const isReplica = (service: Mapping) => service.build !== undefined && includes(service.profiles, 'cluster');
const SEEDS = /^esdb:\/\/[^,/?]+:\d+(,[^,/?]+:\d+){2,}(\?|$)/;

type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };
type Mapping = { [key: string]: YamlValue };

function asMapping(value: YamlValue | undefined, what: string): Mapping {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} is not a mapping`);
  return value;
}

function includes(value: YamlValue | undefined, item: string): boolean {
  return Array.isArray(value) && value.includes(item);
}

/** `name:/path[:mode]` or a long-form volume: the named volume or host path mounted. */
function volumeSources(service: Mapping): string[] {
  const volumes = service.volumes;
  if (volumes === undefined || volumes === null) return [];
  if (!Array.isArray(volumes)) throw new Error('volumes is not a list');
  return volumes.map((v) => (typeof v === 'string' ? v.split(':')[0] : String(asMapping(v, 'a volume').source)));
}

/** What the cluster profile's replicas connect to and mount, read from one rendering of the file. */
function replicas(text: string): { name: string; url: string; volumes: string[]; env: Mapping }[] {
  const services = asMapping(asMapping(parseYaml(text) as YamlValue, 'the file').services, 'services');
  return Object.entries(services)
    .map(([name, value]) => ({ name, service: asMapping(value, name) }))
    .filter(({ service }) => isReplica(service))
    .map(({ name, service }) => {
      const env = asMapping(service.environment, `${name}.environment`);
      return { name, url: String(env.EVENTSTORE_URL), volumes: volumeSources(service), env };
    });
}

/** docker-compose 1.29 (`apt-get install -y docker-compose`), when this machine has it. */
function dockerCompose(args: string[]): { status: number | null; stdout: string; stderr: string } | null {
  const env = { ...process.env };
  // Validation must pass without the secrets (they default to empty in the file).
  for (const name of ['LEDGER_KEY_ENCRYPTION_KEY', 'LEDGER_TOKEN_KEY', 'LEDGER_ADMIN_TOKEN']) delete env[name];
  const run = spawnSync('docker-compose', ['-f', COMPOSE_FILE, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') return null;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function expectClusterShape(found: ReturnType<typeof replicas>): void {
  expect(found.map((r) => r.name).sort()).toEqual(['token-ledger-a', 'token-ledger-b']);
  for (const replica of found) {
    // Gossip seeds (each tried in turn), never esdb+discover:// with several hosts.
    expect(replica.url).toMatch(SEEDS);
    expect(replica.url).toContain('tls=false');
    for (const name of ['LEDGER_KEY_ENCRYPTION_KEY', 'LEDGER_TOKEN_KEY', 'LEDGER_ADMIN_TOKEN']) expect(replica.env).toHaveProperty(name);
    expect(replica.volumes.length).toBeGreaterThan(0);
  }
  // No volume (a data directory, a key directory, anything) mounted by two replicas.
  const owners = new Map<string, string[]>();
  for (const replica of found) for (const v of replica.volumes) owners.set(v, [...(owners.get(v) ?? []), replica.name]);
  const shared = [...owners].filter(([, names]) => names.length > 1);
  expect(shared).toEqual([]);
}

describe('docker-compose.yml, cluster profile', () => {
  it('gives each replica gossip seeds, the shared secrets from the environment, and a volume of its own (the file as written)', () => {
    expectClusterShape(replicas(fs.readFileSync(COMPOSE_FILE, 'utf8')));
  });

  it('reads the compose subset it checks, anchors and merges included (a reader that cannot fail would prove nothing)', () => {
    const shared = `services:
  a: &replica
    build: .
    profiles: ["cluster"]
    environment:
      EVENTSTORE_URL: "esdb+discover://n1:2113,n2:2113,n3:2113?tls=false"
    volumes:
      - one:/data
  b:
    <<: *replica
`;
    const found = replicas(shared);
    expect(found.map((r) => [r.name, r.volumes])).toEqual([
      ['a', ['one']],
      ['b', ['one']],
    ]);
    expect(() => expectClusterShape(found.map((r) => ({ ...r, name: `token-ledger-${r.name}` })))).toThrow();
  });

  it('validates with docker-compose (without the secrets set), and its resolved cluster profile has the same shape', () => {
    const validate = dockerCompose(['config', '-q']);
    if (validate === null) {
      // Debian's docker-compose is not installed here: the plain reading above is the check.
      expect(fs.readFileSync(COMPOSE_FILE, 'utf8')).toMatch(/\$\{LEDGER_KEY_ENCRYPTION_KEY:-\}/);
      return;
    }
    expect(validate).toMatchObject({ status: 0, stderr: '' });
    expect(dockerCompose(['--profile', 'cluster', 'config', '-q'])).toMatchObject({ status: 0, stderr: '' });
    const resolved = dockerCompose(['--profile', 'cluster', 'config']);
    expect(resolved?.status).toBe(0);
    expectClusterShape(replicas(resolved!.stdout));
  });
});
