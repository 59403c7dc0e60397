import { exportJWK, generateKeyPair, SignJWT, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import * as path from 'node:path';
import {
  KEY_STATE_MAX_AGE_MS,
  SigningKeysService,
  UNKNOWN_KID_REREAD_INTERVAL_MS,
} from '../../apps/token-service/src/signing-keys/signing-keys.service';
import { SigningKeyRotationScheduler } from '../../apps/token-service/src/signing-keys/signing-key-rotation.scheduler';
import { ADMIN_TOKEN, SteppableClock, startLedger, TEST_CLIENTS, testBootstrap, type TestLedger } from '../support/ledger-harness';
import { introspect, issueFamily } from '../support/token-flows';

const client = TEST_CLIENTS.rotate30;
const STREAM = 'signingKeys-default';

async function jwksKids(ledger: TestLedger): Promise<string[]> {
  const response = await fetch(`${ledger.baseUrl}/oauth2/default/v1/keys`);
  return ((await response.json()) as JSONWebKeySet).keys.map((k) => k.kid!);
}

/** Rotates on one replica with no body at all (curl's habit); answers the new kid. */
async function rotateOn(ledger: TestLedger): Promise<string> {
  const response = await fetch(`${ledger.baseUrl}/api/v1/authorizationServers/default/credentials/lifecycle/keyRotate`, {
    method: 'POST',
    headers: { authorization: `SSWS ${ADMIN_TOKEN}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { kid: string }).kid;
}

/** How often a replica read the key stream while `action` ran. */
async function keyStreamReadsDuring(ledger: TestLedger, action: () => Promise<unknown>): Promise<number> {
  const spy = jest.spyOn(ledger.store, 'readStream');
  try {
    await action();
    return spy.mock.calls.filter(([streamName]) => streamName === STREAM).length;
  } finally {
    spy.mockRestore();
  }
}

/**
 * Two replicas on one data directory (one event store, one key-encryption key) and one clock:
 * the published keys and the signer follow the recorded events, whichever replica rotated.
 *
 * These tests step one clock shared by both apps (key-cache age, the unknown-kid re-read
 * interval, AUTO rotation's schedule) and look inside them (the signing-keys service, the
 * store's reads, the rotation scheduler), which two processes on the wall clock cannot do; the
 * rest of the cross-replica behaviour runs as separate processes in
 * test/replicas/signing-keys-replicas.
 */
describe('signing keys across replicas', () => {
  const clock = new SteppableClock();
  let a: TestLedger;
  let b: TestLedger;

  beforeAll(async () => {
    a = await startLedger({ clock });
    // Replicas behind one load balancer share the public issuer.
    // Each replica its own read models (a second opener of one read-model file is refused).
    b = await startLedger({ dataDir: a.dataDir, clock, env: { LEDGER_ISSUER_BASE_URL: a.baseUrl, LEDGER_READ_MODELS: path.join(a.dataDir, 'read-models-b.db') } });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('picks up another replica’s rotation in the background once its cached keys are older than the refresh interval', async () => {
    const newKid = await rotateOn(a);
    expect(await jwksKids(b)).not.toContain(newKid);

    clock.advance(KEY_STATE_MAX_AGE_MS);
    // This answer still comes from the cache; it starts the re-read a later request sees.
    await jwksKids(b);
    await b.app.get(SigningKeysService).settled();

    expect((await jwksKids(b))[0]).toBe(newKid);
    const issued = await issueFamily(b, client.id);
    expect(decodeProtectedHeader(issued.access_token).kid).toBe(newKid);
  });

  it('loads the keys of a server another replica created on first use, instead of failing until a restart', async () => {
    // As the create-server use case does on the replica that served it.
    await a.app.get(SigningKeysService).ensure('runtime-created');
    const onB = b.app.get(SigningKeysService);

    expect(() => onB.jwks('runtime-created')).toThrow(expect.objectContaining({ code: 'signing_key_unavailable', kid: null }));
    await onB.settled();

    expect(onB.jwks('runtime-created')).toEqual(a.app.get(SigningKeysService).jwks('runtime-created'));
    expect(onB.signerFor('runtime-created').kid).toBe(onB.jwks('runtime-created').keys[0].kid);
  });

  it('re-reads for unknown kids at most once per interval, so forged kids cannot hammer the store', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ client_id: client.id, scope: 'openid', jti: 'forged.family' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: (await exportJWK(publicKey)).x })
      .setIssuer(`${a.baseUrl}/oauth2/default`)
      .setSubject('mallory')
      .setIssuedAt(Math.floor(clock.now() / 1000))
      .setExpirationTime(Math.floor(clock.now() / 1000) + 600)
      .sign(privateKey);

    clock.advance(UNKNOWN_KID_REREAD_INTERVAL_MS);
    const firstBurst = await keyStreamReadsDuring(b, async () => {
      for (let i = 0; i < 5; i++) expect((await introspect(b, client, forged)).body).toEqual({ active: false });
    });
    expect(firstBurst).toBe(1);

    clock.advance(UNKNOWN_KID_REREAD_INTERVAL_MS);
    expect(await keyStreamReadsDuring(b, () => introspect(b, client, forged))).toBe(1);
  });
});

/** Two replicas whose timers fire together on a server with AUTO rotation: each step is taken once. */
describe('AUTO signing-key rotation across replicas', () => {
  const DAY = 86_400_000;
  const clock = new SteppableClock();
  let a: TestLedger;
  let b: TestLedger;
  const bootstrap = () => {
    const base = testBootstrap() as { authorizationServers: Record<string, unknown>[] };
    const server = { ...base.authorizationServers[0], id: 'auto', name: 'auto', audiences: ['api://auto'], credentials: { signing: { rotationMode: 'AUTO', rotationPeriodDays: 10 } } };
    return { ...base, authorizationServers: [...base.authorizationServers, server] };
  };
  const bothRunDue = () => Promise.all([a, b].map((replica) => replica.app.get(SigningKeyRotationScheduler).runDue()));
  const eventTypes = async () => (await a.store.readStream('signingKeys-auto')).map((e) => e.type);
  const signingKidOn = async (replica: TestLedger) => decodeProtectedHeader((await issueFamily(replica, client.id, { as: 'auto' })).access_token).kid;

  beforeAll(async () => {
    a = await startLedger({ clock, bootstrap: bootstrap() });
    b = await startLedger({
      dataDir: a.dataDir,
      clock,
      bootstrap: bootstrap(),
      env: { LEDGER_ISSUER_BASE_URL: a.baseUrl, LEDGER_READ_MODELS: path.join(a.dataDir, 'read-models-b.db') },
    });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('publishes one NEXT key and rotates to it once, and both replicas sign with it at once', async () => {
    expect(await eventTypes()).toEqual(['SigningKeyCreated']);
    clock.advance(5 * DAY);
    await bothRunDue();
    expect(await eventTypes()).toEqual(['SigningKeyCreated', 'SigningKeyCreated']);
    clock.advance(5 * DAY);
    await bothRunDue();
    const events = await a.store.readStream('signingKeys-auto');
    expect(events.map((e) => e.type)).toEqual(['SigningKeyCreated', 'SigningKeyCreated', 'SigningKeyRotated']);
    const nextKid = (events[1].data as { kid: string }).kid;
    expect(await signingKidOn(a)).toBe(nextKid);
    expect(await signingKidOn(b)).toBe(nextKid);
  });
});
