import { useEffect, useState } from 'preact/hooks';
import type { LedgerApi, Seal, Verification } from '../api/client';
import { useConsole } from '../context';
import { position, time } from '../components/format';
import { Badge, ErrorBox, Facts, Hash } from '../components/widgets';
import { useAction } from '../components/use-action';
import { webCryptoSha256 } from '../audit/merkle-verify';
import { verifySeal, type SealingJwk, type SealVerdict } from '../audit/seal-verify';
import { checkConsistencyFrom, type Check } from '../audit/proof-checks';
import { keepTreeHead, keptTreeHead } from '../audit/kept-seal';

/** The newest seal, its signature checked in this browser against the published sealing keys. */
interface CheckedSeal {
  readonly seal: Seal;
  readonly keys: readonly SealingJwk[];
  readonly signature: SealVerdict;
}

async function checkedLatestSeal(api: LedgerApi): Promise<CheckedSeal | null> {
  const [seal, jwks] = await Promise.all([api.latestSeal(), api.sealingKeys()]);
  if (!seal) return null;
  const signature = await verifySeal(seal, jwks.keys, webCryptoSha256);
  // First sight: keep this tree head, so a later visit checks that the newer seal extends it.
  if (signature.ok && !keptTreeHead()) keepTreeHead(seal);
  return { seal, keys: jwks.keys, signature };
}

/**
 * Integrity: run the whole-log verification; show the newest seal with its signature checked
 * here, and check in this browser that it extends an earlier tree head. Auditor.
 */
export function IntegrityPage() {
  const { api } = useConsole();
  const [result, setResult] = useState<Verification | null>(null);
  const [latest, setLatest] = useState<CheckedSeal | null | undefined>(undefined);
  const { act: verify, busy, error, setError } = useAction(async () => {
    setResult(await api.verify());
    setLatest(await checkedLatestSeal(api));
  });
  useEffect(() => {
    checkedLatestSeal(api).then(setLatest, setError);
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
      {latest === undefined && <p class="muted">Loading…</p>}
      {latest === null && <p>No seal yet.</p>}
      {latest && (
        <section class="card" aria-label="Latest seal" data-testid="seal">
          <p class="verdict">
            <Badge tone={latest.signature.ok ? 'ok' : 'bad'} testId="seal-signature">
              {latest.signature.ok ? 'signature verified in this browser' : `signature not verified: ${latest.signature.reason}`}
            </Badge>
          </p>
          <Facts
            items={[
              ['sealed at', time(latest.seal.sealedAt)],
              ['tree size', String(latest.seal.treeSize)],
              ['root hash', <Hash value={latest.seal.rootHash} />],
              ['last position', position(latest.seal.lastPosition)],
              ['previous seal', <Hash value={latest.seal.previousSealHash} />],
              ['seal hash', <Hash value={latest.seal.sealHash} />],
              ['signing key', <code>{latest.seal.keyId}</code>],
            ]}
          />
        </section>
      )}
      {latest && <ConsistencyCheck key={latest.seal.sealHash} latest={latest} />}
    </section>
  );
}

interface ConsistencyOutcome {
  readonly from: number;
  readonly fromRoot: string;
  readonly fromSource: string;
  readonly to: number;
  readonly toRoot: string;
  readonly proofLength: number;
  readonly check: Check;
}

/**
 * RFC 9162 consistency from an earlier tree head to the newest seal, verified here. The earlier
 * root comes from the seal of that size when there is one (its signature checked too), else
 * from the auditor: the head this browser kept on an earlier visit, or one typed in.
 */
function ConsistencyCheck({ latest }: { latest: CheckedSeal }) {
  const { api } = useConsole();
  const to = latest.seal.treeSize;
  // The head kept when the page opened (a successful check replaces the kept one).
  const [start] = useState(() => {
    const kept = keptTreeHead();
    return kept && kept.treeSize >= 1 && kept.treeSize <= to ? kept : null;
  });
  const [from, setFrom] = useState(String(start?.treeSize ?? 1));
  const [root, setRoot] = useState(start?.rootHash ?? '');
  const [outcome, setOutcome] = useState<ConsistencyOutcome | null>(null);
  const { act, busy, error } = useAction(async () => {
    setOutcome(null);
    const m = Number(from);
    const given = root.trim().toLowerCase();
    const answer = await api.sealConsistency(m, to);
    const fromKept = start !== null && start.treeSize === m && start.rootHash === given;
    const mine = given ? { rootHash: given, source: fromKept ? 'kept by this browser on an earlier visit' : 'entered here' } : null;
    const { from: older, check } = await checkConsistencyFrom(m, mine, answer.fromSeal, latest.seal, answer.proof, latest.keys, webCryptoSha256);
    // The newer head extends the kept one: keep the newer one for the next visit.
    if (check.ok) keepTreeHead(latest.seal);
    setOutcome({ from: m, fromRoot: older.rootHash, fromSource: older.source, to, toRoot: latest.seal.rootHash, proofLength: answer.proof.length, check });
  });

  return (
    <section aria-label="Consistency">
      <h2>Consistency with an earlier tree head</h2>
      <p>
        Fetches the RFC 9162 consistency proof from the tree of M leaves to this seal's tree and checks it here: the newer tree must keep the older one as its prefix, so sealed history cannot have
        been rewritten in between.
      </p>
      <form
        class="row"
        aria-label="Consistency check"
        onSubmit={(event) => {
          event.preventDefault();
          void act();
        }}
      >
        <label>
          From tree size (M)
          <input name="from" type="number" min={1} max={to} step={1} value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Root hash at M (when no seal has that size)
          <input name="fromRoot" value={root} spellcheck={false} onInput={(e) => setRoot((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" disabled={busy || !(Number.isSafeInteger(Number(from)) && Number(from) >= 1 && Number(from) <= to)}>
          {busy ? 'Checking…' : 'Check consistency'}
        </button>
      </form>
      <ErrorBox error={error} />
      {outcome && (
        <section class="card" aria-label="Consistency proof" data-testid="consistency" data-from={outcome.from} data-to={outcome.to}>
          <p class="verdict">
            <Badge tone={outcome.check.ok ? 'ok' : 'bad'} testId="consistency-result">
              {outcome.check.ok ? '✓ consistent, verified in this browser' : '✗ not verified'}
            </Badge>
          </p>
          <Facts
            items={[
              ['why not', outcome.check.ok ? null : outcome.check.reason],
              ['from', <>tree of {outcome.from}, root <Hash value={outcome.fromRoot} /> ({outcome.fromSource})</>],
              ['to', <>tree of {outcome.to}, root <Hash value={outcome.toRoot} /> (the seal above)</>],
              ['proof', `${outcome.proofLength} ${outcome.proofLength === 1 ? 'hash' : 'hashes'}`],
            ]}
          />
        </section>
      )}
    </section>
  );
}
