import { HealthIndicatorService } from '@nestjs/terminus';
import type { EventStore } from '@ledger/event-sourcing';
import type { LedgerConfig } from '@ledger/config';
import type { ProjectionRunner } from '@ledger/projections';
import type { ConfigurationRegistry, RegistryLag } from '../configuration/configuration.registry';
import { LedgerIntegrity } from '../integrity/ledger-integrity';
import { ReadinessIndicators } from './readiness.indicators';

const boot = { fromSnapshot: true, readFrom: '10/10', eventsRead: 2 };

function indicatorsWith(lag: Partial<RegistryLag>, runner: Partial<ProjectionRunner> = {}, integrity = new LedgerIntegrity()): ReadinessIndicators {
  const registry = { lag: () => ({ verifiedAgoMs: 0, maxStalenessMs: 1000, position: '12/12', lastCheckError: null, checkRunningForMs: null, boot, ...lag }) };
  return new ReadinessIndicators(
    new HealthIndicatorService(),
    {} as EventStore,
    { readModels: { readyMaxLagSeconds: 5, readyMaxLagEvents: null } } as unknown as LedgerConfig,
    runner as ProjectionRunner,
    registry as unknown as ConfigurationRegistry,
    integrity,
  );
}

describe('readiness: the configuration registry', () => {
  it('is up while verified within the bound plus the margin, and reports its lag and how it started', () => {
    expect(indicatorsWith({ verifiedAgoMs: 1999 }).configuration()).toEqual({
      configuration: {
        status: 'up',
        verifiedAgoMs: 1999,
        maxStalenessMs: 1000,
        readyMaxLagMs: 2000,
        position: '12/12',
        lastCheckError: null,
        checkRunningForMs: null,
        boot,
      },
    });
  });

  it('is down past the bound plus the margin, and before its first verification', () => {
    expect(indicatorsWith({ verifiedAgoMs: 2001, lastCheckError: 'the store cannot be reached' }).configuration()).toMatchObject({
      configuration: { status: 'down', verifiedAgoMs: 2001, lastCheckError: 'the store cannot be reached' },
    });
    expect(indicatorsWith({ verifiedAgoMs: null }).configuration()).toMatchObject({ configuration: { status: 'down' } });
  });

  it('keeps a margin of the bound itself when the bound is longer than a second', () => {
    expect(indicatorsWith({ maxStalenessMs: 5000, verifiedAgoMs: 9999 }).configuration()).toMatchObject({ configuration: { status: 'up', readyMaxLagMs: 10000 } });
  });
});

describe('readiness: the projections', () => {
  it('are down, not an error that hides the other checks, when their lag cannot be measured', async () => {
    const runner = { status: () => Promise.reject(new Error('the store cannot be reached')) };
    await expect(indicatorsWith({}, runner as unknown as Partial<ProjectionRunner>).projections()).resolves.toEqual({
      projections: { status: 'down', maxLagSeconds: 5, maxLagEvents: null, error: 'the store cannot be reached' },
    });
  });
});

describe('readiness: the ledger integrity gate', () => {
  it('is up after a passed check, down with what broke after a failed one, and up again once a check passes', () => {
    const integrity = new LedgerIntegrity();
    const indicators = indicatorsWith({}, {}, integrity);
    integrity.pass(Date.UTC(2026, 0, 1));
    expect(indicators.ledgerIntegrity()).toEqual({ ledgerIntegrity: { status: 'up', checkedAt: '2026-01-01T00:00:00.000Z' } });
    integrity.fail({ failed: ['seals'], details: { seals: { kind: 'root', revision: '3' } }, checkedAt: Date.UTC(2026, 0, 2) });
    expect(indicators.ledgerIntegrity()).toEqual({
      ledgerIntegrity: { status: 'down', checkedAt: '2026-01-02T00:00:00.000Z', failed: ['seals'], seals: { kind: 'root', revision: '3' } },
    });
    expect(() => integrity.requireIntact()).toThrow(expect.objectContaining({ code: 'temporarily_unavailable', status: 503, reason: 'ledger_integrity_failure' }));
    integrity.pass(Date.UTC(2026, 0, 3));
    expect(indicators.ledgerIntegrity().ledgerIntegrity.status).toBe('up');
    expect(() => integrity.requireIntact()).not.toThrow();
  });
});
