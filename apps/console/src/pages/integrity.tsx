import { useEffect, useState } from 'preact/hooks';
import type { Seal, Verification } from '../api/client';
import { useConsole } from '../context';
import { position, time } from '../components/format';
import { Badge, ErrorBox, Facts, Hash } from '../components/widgets';
import { useAction } from '../components/use-action';

/** Integrity: run the whole-log verification and show the newest seal. Auditor. */
export function IntegrityPage() {
  const { api } = useConsole();
  const [result, setResult] = useState<Verification | null>(null);
  const [seal, setSeal] = useState<Seal | null | undefined>(undefined);
  const { act: verify, busy, error, setError } = useAction(async () => {
    setResult(await api.verify());
    setSeal(await api.latestSeal());
  });
  useEffect(() => {
    api.latestSeal().then(setSeal, setError);
  }, []);

  return (
    <section>
      <p>
        Recomputes every stream's hash chain and checks every seal (signature, chain of seals, Merkle root), position gaps and removal records. It reads the whole log.
      </p>
      <button type="button" onClick={verify} disabled={busy}>
        {busy ? 'Verifying…' : 'Verify the ledger'}
      </button>
      <ErrorBox error={error} />
      {result && (
        <section class="card" aria-label="Verification" data-testid="verification">
          <p class="verdict">
            <Badge tone={result.ok ? 'ok' : 'bad'} testId="verify-result">
              {result.ok ? 'ok' : 'broken'}
            </Badge>
          </p>
          <Facts
            items={[
              ['streams checked', String(result.streamsChecked)],
              ['events checked', String(result.eventsChecked)],
              ['first break', result.firstBreak && `${result.firstBreak.kind} in ${result.firstBreak.streamName} at revision ${result.firstBreak.revision}`],
              ['head', result.head && (<>{result.head.streamName} #{result.head.revision} <Hash value={result.head.hash} /></>)],
              ['seals', result.seals && `${result.seals.ok ? 'ok' : 'broken'}, ${result.seals.checked} checked`],
              ['seal break', result.seals?.firstBreak && `${result.seals.firstBreak.kind} at seal revision ${result.seals.firstBreak.revision} (tree size ${result.seals.firstBreak.treeSize})`],
              ['removed, recorded', result.removed && `${result.removed.recorded} events in ${result.removed.streams} streams`],
              ['position gaps', result.gaps && (result.gaps.checked ? `${result.gaps.missing} missing` : 'not checked on this store')],
              ['not sealed yet', result.unsealed && (result.unsealed.leaves === 0 ? 'none' : `${result.unsealed.leaves} events (positions ${position(result.unsealed.fromPosition)} to ${position(result.unsealed.toPosition)})`)],
            ]}
          />
        </section>
      )}
      <h2>Latest seal</h2>
      {seal === undefined && <p class="muted">Loading…</p>}
      {seal === null && <p>No seal yet.</p>}
      {seal && (
        <section class="card" aria-label="Latest seal" data-testid="seal">
          <Facts
            items={[
              ['sealed at', time(seal.sealedAt)],
              ['tree size', String(seal.treeSize)],
              ['root hash', <Hash value={seal.rootHash} />],
              ['last position', position(seal.lastPosition)],
              ['previous seal', <Hash value={seal.previousSealHash} />],
              ['seal hash', <Hash value={seal.sealHash} />],
              ['signing key', <code>{seal.keyId}</code>],
            ]}
          />
        </section>
      )}
    </section>
  );
}
