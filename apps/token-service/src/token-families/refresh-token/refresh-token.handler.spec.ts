import { CommandBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppModule } from '../../app.module';
import { loadLedgerConfig } from '../../config/ledger-config';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { IssueTokensCommand } from '../issue-tokens/issue-tokens.command';
import type { TokenResponse } from '../shared/token-response';
import { RefreshTokenCommand } from './refresh-token.command';

const T0 = Date.UTC(2026, 0, 1);
const context = { requestId: 'req-1', correlationId: 'corr-1', actor: 'client:demo-client' };

/** Handler tier: the real handlers and module on a SQLite store, no HTTP. */
describe('RefreshTokenHandler', () => {
  let now = T0;
  let store: SqliteEventStore;
  let bus: CommandBus;
  let registry: ConfigurationRegistry;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-handler-'));
    store = new SqliteEventStore({ filename: ':memory:' });
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: dataDir, LEDGER_ADMIN_TOKEN: 'handler-test-admin-token', LEDGER_ISSUER_BASE_URL: 'http://issuer.test' });
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(config, { clock: { now: () => now }, eventStore: store })],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    bus = moduleRef.get(CommandBus);
    registry = moduleRef.get(ConfigurationRegistry);
    close = () => moduleRef.close();
  });
  afterAll(async () => {
    await close();
  });

  const client = () => registry.getClient('demo-client')!;
  const issue = (): Promise<TokenResponse> =>
    bus.execute(new IssueTokensCommand('default', 'demo-client', 'alice', ['openid', 'offline_access'], 'authorization_code', context));

  it('rotates, records provenance and signs both tokens', async () => {
    now = T0;
    const issued = await issue();
    const familyId = issued.refresh_token!.split('.')[1];
    now = T0 + 1000;
    const refreshed = await bus.execute(new RefreshTokenCommand('default', client(), issued.refresh_token!, undefined, context));
    expect(refreshed.refresh_token).not.toBe(issued.refresh_token);
    expect(refreshed.id_token).toBeDefined();
    const events = await store.readStream(`tokenFamily-${familyId}`);
    expect(events.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed']);
    expect(events[1].data).toMatchObject({
      generation: 1,
      leewayRetry: false,
      provenance: { authorizationServerId: 'default', policyId: 'default-policy', ruleId: 'default-rule' },
    });
    expect(events[1].metadata).toMatchObject({ actor: 'client:demo-client', requestId: 'req-1', correlationId: 'corr-1' });
  });

  it('refuses a forged token before reading the store', async () => {
    const issued = await issue();
    const forged = issued.refresh_token!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const before = (await store.readAll({ maxCount: 100000 })).length;
    await expect(bus.execute(new RefreshTokenCommand('default', client(), forged, undefined, context))).rejects.toMatchObject({
      code: 'invalid_grant',
      reason: 'unknown_token',
    });
    expect((await store.readAll({ maxCount: 100000 })).length).toBe(before);
  });

  it('answers a widening with invalid_scope and appends nothing', async () => {
    const issued = await issue();
    const before = (await store.readAll({ maxCount: 100000 })).length;
    await expect(
      bus.execute(new RefreshTokenCommand('default', client(), issued.refresh_token!, ['openid', 'offline_access', 'email'], context)),
    ).rejects.toMatchObject({ code: 'invalid_scope', reason: 'scope_widening' });
    expect((await store.readAll({ maxCount: 100000 })).length).toBe(before);
  });

  it('revokes the family on reuse outside the leeway and says why', async () => {
    now = T0;
    const issued = await issue();
    await bus.execute(new RefreshTokenCommand('default', client(), issued.refresh_token!, undefined, context));
    now = T0 + 31_000;
    await expect(bus.execute(new RefreshTokenCommand('default', client(), issued.refresh_token!, undefined, context))).rejects.toMatchObject({
      code: 'invalid_grant',
      reason: 'reused_outside_leeway',
    });
    const familyId = issued.refresh_token!.split('.')[1];
    const events = await store.readStream(`tokenFamily-${familyId}`);
    expect(events.at(-1)).toMatchObject({ type: 'TokenRevoked', data: { reason: 'reuse_detected', requestedBy: 'system' } });
  });
});
