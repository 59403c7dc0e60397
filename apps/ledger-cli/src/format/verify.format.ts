import type { ChainVerificationJson, LedgerVerificationJson, PositionJson } from '@ledger/audit';
import type { Style } from './style';
import { fields, shortHash, utc } from './text';

/**
 * A verification, readable: OK or BROKEN first, the counts and the head, the seals (the latest,
 * what no seal covers yet), gaps and removal records for the whole log, and the first break in
 * detail (what was expected and found, as hashes, never event content). The same result as
 * `--json`; the exit code says the same (0 ok, 1 broken).
 */
export function formatVerification(result: LedgerVerificationJson | ChainVerificationJson, style: Style): string {
  const scope = result.stream === null ? 'The ledger' : `Stream ${result.stream}`;
  const verdict = result.ok ? style.ok('OK') : style.alert('! BROKEN');
  const lines = [`${style.bold(scope)}: ${verdict}`];
  const brk = result.firstBreak;
  const ledger = 'seals' in result ? result : null;
  const removed = result.removed;
  lines.push(
    ...fields([
      ['chains', `${result.streamsChecked} stream${result.streamsChecked === 1 ? '' : 's'}, ${result.eventsChecked} events checked`],
      result.head ? ['head', `${result.head.streamName} #${result.head.revision} ${shortHash(result.head.hash)}`] : null,
      brk
        ? [
            'first break',
            style.alert(`! ${brk.streamName} #${brk.revision}: ${brk.kind} (expected ${shortHash(brk.expected)}, found ${shortHash(brk.actual)})`),
          ]
        : null,
      removed
        ? [
            'removed',
            `${removed.recorded} events recorded as removed in ${removed.streams} streams (${removed.stillStored} still stored)` +
              ('invalid' in removed ? `, ${removed.invalid} invalid entries` : ''),
          ]
        : null,
      ...(ledger ? ledgerRows(ledger, style) : []),
    ]),
  );
  return `${lines.join('\n')}\n`;
}

function ledgerRows(result: LedgerVerificationJson, style: Style): (readonly [string, string] | null)[] {
  const { seals, gaps, unsealed, tree } = result;
  const latest = seals.latest;
  const sealBreak = seals.firstBreak;
  return [
    ['seals', `${seals.ok ? style.ok('OK') : style.alert('! BROKEN')}, ${seals.checked} checked`],
    latest
      ? ['latest seal', `#${latest.revision} at ${utc(latest.sealedAt)}: ${latest.treeSize} leaves, root ${shortHash(latest.rootHash)}, key ${latest.keyId}`]
      : ['latest seal', style.warn('none yet')],
    sealBreak
      ? [
          'seal break',
          style.alert(
            `! seal #${sealBreak.revision}${sealBreak.treeSize === null ? '' : ` (${sealBreak.treeSize} leaves)`}: ${sealBreak.kind} ` +
              `(expected ${shortHash(sealBreak.expected)}, found ${shortHash(sealBreak.actual)})`,
          ),
        ]
      : null,
    seals.untrustedKeys?.length ? ['untrusted keys', style.warn(seals.untrustedKeys.join(', '))] : null,
    ['unsealed', unsealed.leaves === 0 ? 'nothing: the latest seal covers the whole log' : `${unsealed.leaves} leaves (${positionText(unsealed.fromPosition)} to ${positionText(unsealed.toPosition)})`],
    ['gaps', gapsText(gaps, style)],
    ['tree', `${tree.size} leaves, root ${shortHash(tree.rootHash)}`],
  ];
}

function gapsText(gaps: LedgerVerificationJson['gaps'], style: Style): string {
  if (!gaps.checked) return 'not checked (this store does not number positions densely)';
  if (gaps.ok) return 'none';
  const ranges = gaps.ranges.map((r) => (r.from === r.to ? r.from : `${r.from}-${r.to}`)).join(', ');
  return style.alert(`! ${gaps.missing} positions missing, no removal record lists them: ${ranges}`);
}

function positionText(position: PositionJson | null): string {
  return position ? `position ${position.commit}` : '-';
}
